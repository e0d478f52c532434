/**
 * Sources: one nested module per platform, each with only what is particular to it (its
 * payload records and their mapping to message content, its connector, its sender), and
 * here what their platform clients share (the configured HTTP client builder, reading
 * answers).
 */
@ApplicationModule(allowedDependencies = "common")
package dev.switchboard.source;

import org.springframework.modulith.ApplicationModule;

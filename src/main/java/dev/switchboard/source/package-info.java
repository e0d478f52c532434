/**
 * Sources: one package per platform, each with its channel connector, webhook or visitor
 * API, and message sender.
 */
@ApplicationModule(allowedDependencies = { "common", "channel", "conversation", "message", "realtime" })
package dev.switchboard.source;

import org.springframework.modulith.ApplicationModule;

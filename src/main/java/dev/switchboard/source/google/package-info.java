/**
 * Google Business Messages (shut down by Google in 2024): channels, webhook, sending.
 */
@ApplicationModule(allowedDependencies = { "common", "channel", "message", "source", "source.inbox" })
package dev.switchboard.source.google;

import org.springframework.modulith.ApplicationModule;

/**
 * The resource-style Channels API (seed 004) under {@code /workspaces/{workspaceId}}: a
 * thin facade over channels, messages, connectors and media, with no model of its own.
 */
@ApplicationModule(allowedDependencies = { "common", "access", "channel", "media", "message" })
package dev.switchboard.channelsapi;

import org.springframework.modulith.ApplicationModule;

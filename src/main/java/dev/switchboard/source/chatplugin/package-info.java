/**
 * The website chat plugin: its channels, the visitor API with its own token kind and
 * security chain, and delivery of agent replies to visitors.
 */
@ApplicationModule(allowedDependencies = { "common", "channel", "conversation", "message", "realtime" })
package dev.switchboard.source.chatplugin;

import org.springframework.modulith.ApplicationModule;

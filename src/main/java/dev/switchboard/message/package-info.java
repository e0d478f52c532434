/**
 * Messages: the typed content model, listing, sending through the durable delivery
 * outbox, and the {@link dev.switchboard.message.MessageSender} SPI each source
 * implements.
 */
@ApplicationModule(allowedDependencies = { "common", "channel", "conversation", "media", "user" })
package dev.switchboard.message;

import org.springframework.modulith.ApplicationModule;

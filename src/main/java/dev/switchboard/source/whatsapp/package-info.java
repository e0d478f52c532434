/**
 * WhatsApp Cloud API: phone number channels, their webhook (messages and statuses),
 * sending and read marks.
 */
@ApplicationModule(
		allowedDependencies = { "common", "channel", "conversation", "message", "source.inbox", "source.meta" })
package dev.switchboard.source.whatsapp;

import org.springframework.modulith.ApplicationModule;

/**
 * Twilio SMS/MMS and WhatsApp: channels, the signed {@code /twilio} webhook, sending.
 */
@ApplicationModule(allowedDependencies = { "common", "channel", "message", "source", "source.inbox" })
package dev.switchboard.source.twilio;

import org.springframework.modulith.ApplicationModule;

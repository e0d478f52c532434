/**
 * Twilio SMS/MMS and WhatsApp: channels, the signed {@code /twilio} webhook, sending.
 */
package dev.switchboard.source.twilio;

/**
 * WhatsApp Cloud API: phone number channels, their webhook (messages and statuses),
 * sending and read marks.
 */
package dev.switchboard.source.whatsapp;

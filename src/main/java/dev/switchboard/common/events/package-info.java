/**
 * The event log: one table of everything that changed, written in the transaction that
 * made the change, read by real-time delivery, reconnect catch-up and (later) outbound
 * webhooks.
 */
package dev.switchboard.common.events;

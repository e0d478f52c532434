/**
 * Outbound webhooks: a workspace's subscriptions, and the deliveries of its events to
 * them, signed, retried, logged and kept from slow receivers and private networks.
 */
@ApplicationModule(allowedDependencies = { "common" })
package dev.switchboard.webhook;

import org.springframework.modulith.ApplicationModule;

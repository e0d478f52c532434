/**
 * Facebook Messenger and Instagram messaging: page channels, their webhook, the Send API
 * and contact profiles, through one Graph client.
 */
@ApplicationModule(
		allowedDependencies = { "common", "channel", "conversation", "message", "source.inbox", "source.meta" })
package dev.switchboard.source.facebook;

import org.springframework.modulith.ApplicationModule;

/**
 * What Messenger, Instagram and WhatsApp share: Meta's Graph API calls with their error
 * codes, and the webhook contract (verify challenge, signed bodies stored before the
 * 200), the Meta app each workspace uses, and seed 002's onboarding flows.
 */
@ApplicationModule(allowedDependencies = { "common", "channel", "integration", "source.inbox" })
package dev.switchboard.source.meta;

import org.springframework.modulith.ApplicationModule;

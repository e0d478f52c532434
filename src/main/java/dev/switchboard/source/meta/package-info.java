/**
 * What Messenger, Instagram and WhatsApp share: Meta's Graph API calls with their error
 * codes, and the webhook contract (verify challenge, signed bodies stored before the
 * 200), and the Meta app each workspace uses.
 */
@ApplicationModule(allowedDependencies = { "common", "channel", "source.inbox" })
package dev.switchboard.source.meta;

import org.springframework.modulith.ApplicationModule;

/**
 * Email: mailboxes as channels, watched over IMAP (IDLE or polling) and answered over
 * SMTP with the thread's headers.
 */
@ApplicationModule(allowedDependencies = { "common", "channel", "media", "message" })
package dev.switchboard.source.email;

import org.springframework.modulith.ApplicationModule;

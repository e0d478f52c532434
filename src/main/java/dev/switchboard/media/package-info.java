/**
 * Media: files that messages carry (uploads, attachments, platforms' incoming media),
 * their metadata in PostgreSQL and their bytes behind {@link MediaStorage}.
 */
@ApplicationModule(allowedDependencies = "common")
package dev.switchboard.media;

import org.springframework.modulith.ApplicationModule;

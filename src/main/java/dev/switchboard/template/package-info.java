/**
 * Templates: a workspace's reusable message contents, the inbox's saved replies, which
 * {@code messages.send} sends by id.
 */
@ApplicationModule(allowedDependencies = { "common", "message" })
package dev.switchboard.template;

import org.springframework.modulith.ApplicationModule;

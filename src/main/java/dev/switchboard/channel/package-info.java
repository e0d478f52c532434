/**
 * Channels: the connected accounts of each source (a page, a phone number, a website),
 * their encrypted credentials, and the registry of source connectors.
 */
@ApplicationModule(allowedDependencies = "common")
package dev.switchboard.channel;

import org.springframework.modulith.ApplicationModule;

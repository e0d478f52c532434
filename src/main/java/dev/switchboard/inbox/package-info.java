/**
 * The agents' inbox: the web application served at {@code /}, plain ES modules talking
 * only to the public API, with its own strict content security policy.
 */
@ApplicationModule(allowedDependencies = "common")
package dev.switchboard.inbox;

import org.springframework.modulith.ApplicationModule;

/**
 * Access keys for machines, and the one policy engine every request is checked against:
 * each endpoint's action and resource, roles as predefined policies, keys' own policies.
 */
@ApplicationModule(allowedDependencies = { "common", "workspace" })
package dev.switchboard.access;

import org.springframework.modulith.ApplicationModule;

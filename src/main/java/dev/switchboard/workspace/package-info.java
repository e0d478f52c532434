/**
 * Workspaces, the tenants every query is scoped to, and their members with a role each.
 */
@ApplicationModule(allowedDependencies = "common")
package dev.switchboard.workspace;

import org.springframework.modulith.ApplicationModule;

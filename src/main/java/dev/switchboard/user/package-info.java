/**
 * Users and roles: signup, login, invitations, password reset, and the tokens they carry.
 */
@ApplicationModule(allowedDependencies = { "common", "workspace" })
package dev.switchboard.user;

import org.springframework.modulith.ApplicationModule;

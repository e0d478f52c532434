/**
 * Shared infrastructure every feature builds on: errors, pagination, security, JSON and
 * the embedded database.
 */
@ApplicationModule(type = ApplicationModule.Type.OPEN)
package dev.switchboard.common;

import org.springframework.modulith.ApplicationModule;

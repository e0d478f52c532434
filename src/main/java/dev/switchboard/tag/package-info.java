/**
 * Tags: named, coloured labels agents put on conversations.
 */
@ApplicationModule(allowedDependencies = "common")
package dev.switchboard.tag;

import org.springframework.modulith.ApplicationModule;

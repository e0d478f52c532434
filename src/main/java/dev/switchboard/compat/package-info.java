/**
 * Compatibility with deployed Airy clients: {@code metadata.upsert},
 * {@code client.config} and the deprecated camelCase aliases in the OpenAPI document.
 */
@ApplicationModule(allowedDependencies = { "common", "channel", "conversation" })
package dev.switchboard.compat;

import org.springframework.modulith.ApplicationModule;

/**
 * Seed 002's integration settings: each channel type's app-level settings per workspace,
 * and accounts as a view of channels (REST under {@code /api/integrations}). The Meta
 * onboarding flows call the platform, so they live in {@code source.meta}.
 */
@ApplicationModule(allowedDependencies = { "common", "channel" })
package dev.switchboard.integration;

import org.springframework.modulith.ApplicationModule;

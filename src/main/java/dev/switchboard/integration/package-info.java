/**
 * Seed 002's integration settings: each channel type's app-level settings per workspace,
 * accounts as a view of channels, and the onboarding flows of WhatsApp, Messenger and
 * Instagram (REST under {@code /api/integrations}).
 */
@ApplicationModule(allowedDependencies = { "common", "channel", "source.meta" })
package dev.switchboard.integration;

import org.springframework.modulith.ApplicationModule;

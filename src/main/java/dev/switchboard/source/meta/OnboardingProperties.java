package dev.switchboard.source.meta;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits of the onboarding flows' platform calls.
 *
 * @param healthTimeout how long each of the health endpoint's Graph calls may take
 */
@ConfigurationProperties("switchboard.integrations")
record OnboardingProperties(@DefaultValue("5s") Duration healthTimeout) {

}

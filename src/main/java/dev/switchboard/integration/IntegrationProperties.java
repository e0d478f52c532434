package dev.switchboard.integration;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits of the integrations API's platform calls.
 *
 * @param healthTimeout how long each of the health endpoint's Graph calls may take
 */
@ConfigurationProperties("switchboard.integrations")
record IntegrationProperties(@DefaultValue("5s") Duration healthTimeout) {

}

package dev.switchboard.channel;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param checkTimeout how long one health check of a connector may wait for its platform
 * @param statusCacheTtl how long a connector's health is kept before the platform is
 * asked again
 */
@ConfigurationProperties("switchboard.connectors")
public record ConnectorProperties(@DefaultValue("5s") Duration checkTimeout,
		@DefaultValue("60s") Duration statusCacheTtl) {

}

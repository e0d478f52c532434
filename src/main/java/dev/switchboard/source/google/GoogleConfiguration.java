package dev.switchboard.source.google;

import java.time.Clock;

import tools.jackson.databind.json.JsonMapper;

import dev.switchboard.common.security.PublicPaths;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

/**
 * The Google Business Messages source: its access tokens, sender and public webhook.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GoogleProperties.class)
class GoogleConfiguration {

	@Bean
	GoogleAccessTokens googleAccessTokens(GoogleProperties properties, RestClient.Builder http, JsonMapper json,
			Clock clock) {
		return new GoogleAccessTokens(properties, http, json, clock);
	}

	@Bean
	GoogleSender googleSender(GoogleProperties properties, RestClient.Builder http, GoogleAccessTokens tokens,
			JsonMapper json) {
		return new GoogleSender(properties, http, tokens, json);
	}

	@Bean
	PublicPaths googleWebhookPath() {
		return PublicPaths.of(GoogleWebhookController.PATH);
	}

}

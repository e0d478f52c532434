package dev.switchboard.webhook;

import java.net.InetAddress;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The webhooks' HTTP client and the resolver it checks addresses with.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WebhookProperties.class)
class WebhookConfiguration {

	@Bean
	HostResolver webhookHostResolver() {
		return InetAddress::getAllByName;
	}

	@Bean
	WebhookClient webhookClient(Targets targets, WebhookProperties properties) {
		return new WebhookClient(targets, properties);
	}

}

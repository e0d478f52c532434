package dev.switchboard.webhook;

import java.net.InetAddress;

import javax.sql.DataSource;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The webhooks' HTTP client and the resolver it checks addresses with, and the delivery
 * path's own database connections.
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

	@Bean(destroyMethod = "close")
	DeliveryConnections webhookDeliveryConnections(DataSource dataSource, WebhookProperties properties) {
		return new DeliveryConnections(dataSource, properties.databaseConnections());
	}

}

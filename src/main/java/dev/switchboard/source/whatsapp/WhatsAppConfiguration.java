package dev.switchboard.source.whatsapp;

import dev.switchboard.common.security.PublicPaths;
import dev.switchboard.common.web.BodyLimit;
import dev.switchboard.source.meta.MetaApps;
import dev.switchboard.source.meta.MetaWebhooks;
import dev.switchboard.source.meta.FacebookProperties;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

/**
 * The WhatsApp webhook is public; its client uses the settings resolved against
 * Facebook's.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WhatsAppProperties.class)
class WhatsAppConfiguration {

	@Bean
	PublicPaths whatsAppWebhookPaths() {
		return PublicPaths.of("/whatsapp", "/whatsapp/*");
	}

	@Bean
	BodyLimit whatsAppWebhookBodyLimit() {
		return BodyLimit.of(MetaWebhooks.MAX_BODY, "/whatsapp", "/whatsapp/*");
	}

	@Bean
	WhatsAppGraph whatsAppGraph(MetaApps apps, WhatsAppProperties whatsApp, FacebookProperties facebook,
			RestClient.Builder http) {
		return new WhatsAppGraph(apps, whatsApp.orElse(facebook), http);
	}

}

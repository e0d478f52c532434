package dev.switchboard.source.whatsapp;

import tools.jackson.databind.json.JsonMapper;

import dev.switchboard.common.security.PublicPaths;
import dev.switchboard.common.web.BodyLimit;
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
		return PublicPaths.of("/whatsapp");
	}

	@Bean
	BodyLimit whatsAppWebhookBodyLimit() {
		return BodyLimit.of(MetaWebhooks.MAX_BODY, "/whatsapp");
	}

	@Bean
	WhatsAppGraph whatsAppGraph(RestClient.Builder http, WhatsAppProperties whatsApp, FacebookProperties facebook,
			JsonMapper json) {
		return new WhatsAppGraph(http, whatsApp.orElse(facebook), json);
	}

}

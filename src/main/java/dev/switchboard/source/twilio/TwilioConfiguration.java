package dev.switchboard.source.twilio;

import tools.jackson.databind.json.JsonMapper;

import dev.switchboard.common.security.PublicPaths;
import dev.switchboard.common.web.SwitchboardProperties;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

/**
 * The Twilio source: one connector and one sender per flavour (SMS, WhatsApp), sharing
 * the account's client and the {@code /twilio} webhook.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TwilioProperties.class)
class TwilioConfiguration {

	@Bean
	TwilioConnector twilioSmsConnector() {
		return new TwilioConnector(Flavour.SMS);
	}

	@Bean
	TwilioConnector twilioWhatsappConnector() {
		return new TwilioConnector(Flavour.WHATSAPP);
	}

	@Bean
	TwilioClient twilioClient(RestClient.Builder builder, TwilioProperties properties, JsonMapper json) {
		return new TwilioClient(builder, properties, json);
	}

	@Bean
	TwilioSender twilioSmsSender(TwilioClient client, TwilioProperties properties, SwitchboardProperties switchboard) {
		return new TwilioSender(Flavour.SMS, client, properties, switchboard);
	}

	@Bean
	TwilioSender twilioWhatsappSender(TwilioClient client, TwilioProperties properties,
			SwitchboardProperties switchboard) {
		return new TwilioSender(Flavour.WHATSAPP, client, properties, switchboard);
	}

	@Bean
	TwilioWebhookHandler twilioWebhookHandler() {
		return new TwilioWebhookHandler();
	}

	@Bean
	PublicPaths twilioWebhookPath() {
		return PublicPaths.of(TwilioWebhookController.PATH);
	}

}

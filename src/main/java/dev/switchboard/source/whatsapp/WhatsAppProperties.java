package dev.switchboard.source.whatsapp;

import dev.switchboard.source.meta.FacebookProperties;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The WhatsApp Cloud app; every value left unset is Facebook's.
 *
 * @param graphApiUrl the Graph API base, version included
 * @param appId the app id, for token exchanges
 * @param appSecret signs webhooks; with the app id, exchanges tokens for long-lived ones
 * @param verifyToken what Meta must present when it verifies the webhook
 */
@ConfigurationProperties("switchboard.sources.whatsapp")
record WhatsAppProperties(String graphApiUrl, String appId, String appSecret, String verifyToken) {

	/**
	 * These settings with Facebook's in place of the unset ones.
	 */
	WhatsAppProperties orElse(FacebookProperties facebook) {
		return new WhatsAppProperties(or(this.graphApiUrl, facebook.graphApiUrl()), or(this.appId, facebook.appId()),
				or(this.appSecret, facebook.appSecret()), or(this.verifyToken, facebook.verifyToken()));
	}

	boolean canExchangeTokens() {
		return this.appId != null && !this.appId.isBlank() && this.appSecret != null && !this.appSecret.isBlank();
	}

	private static String or(String value, String fallback) {
		return (value != null && !value.isBlank()) ? value : fallback;
	}

}

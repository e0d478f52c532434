package dev.switchboard.source.meta;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Meta app behind the Messenger and Instagram channels (and WhatsApp's defaults).
 *
 * @param graphApiUrl the Graph API base, version included
 * @param appId the app id: echoes carrying it are our own sends
 * @param appSecret signs webhooks; with the app id, exchanges tokens for long-lived ones
 * @param verifyToken what Meta must present when it verifies the webhook
 */
@ConfigurationProperties("switchboard.sources.facebook")
public record FacebookProperties(@DefaultValue("https://graph.facebook.com/v23.0") String graphApiUrl, String appId,
		String appSecret, String verifyToken) {

	/**
	 * Whether tokens can be exchanged for long-lived ones.
	 */
	public boolean canExchangeTokens() {
		return this.appId != null && !this.appId.isBlank() && this.appSecret != null && !this.appSecret.isBlank();
	}

}

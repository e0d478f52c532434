package dev.switchboard.source.google;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Business Messages partner account every Google channel uses.
 *
 * @param apiUrl the Business Messages API's base URL (no trailing slash)
 * @param tokenUrl Google's OAuth 2.0 token endpoint, where the service account's signed
 * assertion is exchanged for an access token
 * @param serviceAccountFile the service account's JSON key file ({@code client_email},
 * {@code private_key}); never shown or logged
 * @param partnerKey the partner key (the webhook's client token): signs webhooks; never
 * shown or logged
 */
@ConfigurationProperties("switchboard.sources.google")
record GoogleProperties(@DefaultValue("https://businessmessages.googleapis.com") String apiUrl,
		@DefaultValue("https://oauth2.googleapis.com/token") String tokenUrl, String serviceAccountFile,
		String partnerKey) {

	GoogleProperties {
		apiUrl = apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl;
	}

	boolean hasPartnerKey() {
		return this.partnerKey != null && !this.partnerKey.isBlank();
	}

	@Override
	public String toString() {
		return "GoogleProperties[apiUrl=" + this.apiUrl + ", tokenUrl=" + this.tokenUrl + ", serviceAccountFile="
				+ this.serviceAccountFile + ", partnerKey=" + (hasPartnerKey() ? "(set)" : "(unset)") + "]";
	}

}

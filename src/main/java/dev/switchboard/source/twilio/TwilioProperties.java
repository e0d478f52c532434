package dev.switchboard.source.twilio;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Twilio account every Twilio channel sends and receives through.
 *
 * @param apiUrl the REST API's base URL (no trailing slash)
 * @param accountSid the account SID
 * @param authToken the auth token: signs webhooks and authenticates API calls; never
 * shown or logged
 */
@ConfigurationProperties("switchboard.sources.twilio")
record TwilioProperties(@DefaultValue("https://api.twilio.com") String apiUrl, String accountSid, String authToken) {

	TwilioProperties {
		apiUrl = apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl;
	}

	boolean configured() {
		return this.accountSid != null && !this.accountSid.isBlank() && this.authToken != null
				&& !this.authToken.isBlank();
	}

	@Override
	public String toString() {
		return "TwilioProperties[apiUrl=" + this.apiUrl + ", accountSid=" + this.accountSid + ", authToken="
				+ ((this.authToken != null) ? "(set)" : "(unset)") + "]";
	}

}

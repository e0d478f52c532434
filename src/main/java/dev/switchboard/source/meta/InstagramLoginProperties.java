package dev.switchboard.source.meta;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Instagram Login, which the Instagram connect flow calls.
 *
 * @param apiUrl where codes are exchanged ({@code POST /oauth/access_token})
 * @param graphApiUrl the Instagram Graph API (long-lived tokens, the profile)
 */
@ConfigurationProperties("switchboard.sources.instagram")
record InstagramLoginProperties(@DefaultValue("https://api.instagram.com") String apiUrl,
		@DefaultValue("https://graph.instagram.com/v23.0") String graphApiUrl) {

}

package dev.switchboard.common.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Service-wide settings.
 *
 * @param publicUrl the externally visible base URL (no trailing slash), used for links in
 * mails, the webhook URLs shown to admins and webhook signature checks behind proxies
 */
@ConfigurationProperties("switchboard")
public record SwitchboardProperties(@DefaultValue("http://localhost:8080") String publicUrl) {

	public SwitchboardProperties {
		publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
	}

}

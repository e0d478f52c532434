package dev.switchboard.source.meta;

import java.util.Map;

/**
 * A Meta app as one workspace uses it: its own integration's settings where it gave them,
 * the service's {@code switchboard.sources.*} properties elsewhere.
 *
 * @param appId the app id: echoes carrying it are our own sends
 * @param appSecret signs webhooks; with the app id, exchanges tokens and codes
 * @param verifyToken what Meta must present when it verifies a webhook
 * @param graphApiUrl the Graph API base, version included
 */
public record MetaApp(String appId, String appSecret, String verifyToken, String graphApiUrl) {

	/**
	 * Whether tokens can be exchanged for long-lived ones.
	 */
	public boolean canExchangeTokens() {
		return present(this.appId) && present(this.appSecret);
	}

	/**
	 * These settings with the integration's values in place where it has them.
	 * @param config the integration's config ({@code app_id}, {@code app_secret},
	 * {@code verify_token}, {@code graph_api_version})
	 */
	MetaApp with(Map<String, String> config) {
		String version = config.get("graph_api_version");
		String url = this.graphApiUrl;
		if (present(version) && url != null) {
			String base = url.replaceFirst("/v\\d+(\\.\\d+)?/?$", "");
			url = base + "/" + version;
		}
		return new MetaApp(or(config.get("app_id"), this.appId), or(config.get("app_secret"), this.appSecret),
				or(config.get("verify_token"), this.verifyToken), url);
	}

	@Override
	public String toString() {
		return "MetaApp[appId=" + this.appId + ", graphApiUrl=" + this.graphApiUrl + "]";
	}

	private static String or(String value, String fallback) {
		return present(value) ? value : fallback;
	}

	private static boolean present(String value) {
		return value != null && !value.isBlank();
	}

}

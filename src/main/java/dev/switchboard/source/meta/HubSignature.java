package dev.switchboard.source.meta;

import java.util.Locale;

import dev.switchboard.source.inbox.HmacSignatures;

/**
 * Meta's {@code X-Hub-Signature-256}: {@code sha256=} and the hex HMAC-SHA256 of the raw
 * body with the app secret.
 */
public final class HubSignature {

	private static final String PREFIX = "sha256=";

	private static final String ALGORITHM = "HmacSHA256";

	private HubSignature() {
	}

	/**
	 * Whether the header signs the body, compared in constant time; {@code false} for a
	 * missing or malformed header or a missing secret.
	 */
	public static boolean matches(String appSecret, byte[] body, String header) {
		if (appSecret == null || appSecret.isEmpty() || header == null || !header.startsWith(PREFIX)) {
			return false;
		}
		// Meta writes lower-case hex; upper case signs the same bytes
		return HmacSignatures.matches(HmacSignatures.hex(ALGORITHM, appSecret, body),
				header.substring(PREFIX.length()).toLowerCase(Locale.ROOT));
	}

	/**
	 * The header value for a body (what Meta sends).
	 */
	public static String sign(String appSecret, byte[] body) {
		return PREFIX + HmacSignatures.hex(ALGORITHM, appSecret, body);
	}

}

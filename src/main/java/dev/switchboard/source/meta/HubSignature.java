package dev.switchboard.source.meta;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Meta's {@code X-Hub-Signature-256}: {@code sha256=} and the hex HMAC-SHA256 of the raw
 * body with the app secret.
 */
public final class HubSignature {

	private static final String PREFIX = "sha256=";

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
		byte[] given;
		try {
			given = HexFormat.of().parseHex(header.substring(PREFIX.length()).toLowerCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
		return MessageDigest.isEqual(hmac(appSecret, body), given);
	}

	/**
	 * The header value for a body (what Meta sends).
	 */
	public static String sign(String appSecret, byte[] body) {
		return PREFIX + HexFormat.of().formatHex(hmac(appSecret, body));
	}

	private static byte[] hmac(String secret, byte[] body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return mac.doFinal(body);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

}

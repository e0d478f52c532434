package dev.switchboard.source.inbox;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The HMAC signatures platforms put on their webhooks, checked in constant time.
 */
public final class HmacSignatures {

	private HmacSignatures() {
	}

	/**
	 * The base64 HMAC of data with a key.
	 * @param algorithm the JCA name ({@code HmacSHA1}, {@code HmacSHA512}, ...)
	 */
	public static String base64(String algorithm, String key, byte[] data) {
		return Base64.getEncoder().encodeToString(hmac(algorithm, key, data));
	}

	/**
	 * The lower-case hex HMAC of data with a key ({@code X-Hub-Signature-256}).
	 * @param algorithm the JCA name ({@code HmacSHA256}, ...)
	 */
	public static String hex(String algorithm, String key, byte[] data) {
		return HexFormat.of().formatHex(hmac(algorithm, key, data));
	}

	private static byte[] hmac(String algorithm, String key, byte[] data) {
		try {
			Mac mac = Mac.getInstance(algorithm);
			mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), algorithm));
			return mac.doFinal(data);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(algorithm + " is not available", ex);
		}
	}

	/**
	 * Whether a received signature equals the expected one, compared in constant time; a
	 * missing signature never does.
	 */
	public static boolean matches(String expected, String received) {
		return received != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
				received.trim().getBytes(StandardCharsets.UTF_8));
	}

}

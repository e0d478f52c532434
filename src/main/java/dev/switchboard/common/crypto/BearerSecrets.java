package dev.switchboard.common.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Secrets handed to a client once (reset and invitation tokens, access keys): 32 random
 * bytes in unpadded base64url, of which only the SHA-256 hash is stored, so a database
 * leak reveals none that works.
 */
public final class BearerSecrets {

	private static final SecureRandom random = new SecureRandom();

	private BearerSecrets() {
	}

	/**
	 * A new secret: 256 random bits, 43 characters.
	 */
	public static String generate() {
		byte[] bytes = new byte[32];
		random.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	/**
	 * What is stored of a secret: its SHA-256 hash.
	 */
	public static byte[] hash(String secret) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}

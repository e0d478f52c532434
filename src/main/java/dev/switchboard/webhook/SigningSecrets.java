package dev.switchboard.webhook;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.switchboard.common.ExpiringCache;
import dev.switchboard.common.crypto.SecretsCipher;

import org.springframework.stereotype.Component;

/**
 * Signing secrets as the Standard Webhooks specification has them: {@code whsec_} and the
 * base64 of 32 random bytes, the bytes being the HMAC-SHA256 key. Stored sealed, bound to
 * their subscription.
 */
@Component
class SigningSecrets {

	static final String PREFIX = "whsec_";

	private static final int KEY_LENGTH = 32;

	private final SecureRandom random = new SecureRandom();

	private static final Duration KEY_TTL = Duration.ofSeconds(10);

	private static final int KEY_ENTRIES = 1000;

	private final SecretsCipher cipher;

	// opened keys by subscription and sealed secret, so that a rotated secret is never
	// read from here: a busy subscription's deliveries decrypt its secret once per period
	private final ExpiringCache<Sealed, byte[]> keys;

	SigningSecrets(SecretsCipher cipher, Clock clock) {
		this.cipher = cipher;
		this.keys = new ExpiringCache<>(KEY_TTL, KEY_ENTRIES, clock);
	}

	String generate() {
		byte[] key = new byte[KEY_LENGTH];
		this.random.nextBytes(key);
		return PREFIX + Base64.getEncoder().encodeToString(key);
	}

	byte[] seal(String secret, UUID subscriptionId) {
		return this.cipher.seal(secret.getBytes(StandardCharsets.UTF_8), associatedData(subscriptionId));
	}

	/**
	 * The HMAC key of a sealed secret.
	 */
	byte[] key(byte[] sealed, UUID subscriptionId) {
		return this.keys.get(new Sealed(subscriptionId, ByteBuffer.wrap(sealed.clone())), (key) -> {
			String secret = new String(this.cipher.open(sealed, associatedData(subscriptionId)),
					StandardCharsets.UTF_8);
			return Base64.getDecoder().decode(secret.substring(PREFIX.length()));
		});
	}

	/**
	 * The {@code webhook-signature} header of a delivery attempt: {@code v1,} and the
	 * base64 HMAC-SHA256 of {@code <id>.<timestamp>.<body>}.
	 */
	static String signature(byte[] key, String id, long timestamp, byte[] body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
			return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

	private static String associatedData(UUID subscriptionId) {
		return "webhook-subscription:" + subscriptionId;
	}

	/** A subscription's sealed secret (compared by content). */
	private record Sealed(UUID subscriptionId, ByteBuffer secret) {
	}

}

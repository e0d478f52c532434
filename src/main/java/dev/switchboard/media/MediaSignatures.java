package dev.switchboard.media;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.SecretKey;

import dev.switchboard.common.security.ServerSecrets;

import org.springframework.stereotype.Component;

/**
 * Signs and checks the URLs that need no other credentials (upload URLs, the public URLs
 * platforms fetch media from): an HMAC of what the URL is for, the media id and its
 * expiry, with a key derived from the server's secret. Checked in constant time.
 */
@Component
class MediaSignatures {

	private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

	private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

	private final SecretKey key;

	MediaSignatures(ServerSecrets secrets) {
		this.key = secrets.derivedKey("media-url");
	}

	String sign(String purpose, UUID id, Instant expiresAt) {
		return ENCODER.encodeToString(mac(purpose, id, expiresAt.getEpochSecond()));
	}

	/**
	 * Whether the signature is the one {@link #sign} gives for these values.
	 */
	boolean valid(String purpose, UUID id, long expires, String signature) {
		byte[] given;
		try {
			given = DECODER.decode(signature);
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
		return MessageDigest.isEqual(given, mac(purpose, id, expires));
	}

	private byte[] mac(String purpose, UUID id, long expires) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(this.key);
			return mac.doFinal((purpose + "\n" + id + "\n" + expires).getBytes(StandardCharsets.UTF_8));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}

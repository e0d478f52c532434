package dev.switchboard.common.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

import dev.switchboard.common.security.ServerSecrets;

import org.springframework.stereotype.Component;

/**
 * Seals secrets for storage with AES-256-GCM. The sealed form is a version byte, a random
 * 12-byte nonce and the ciphertext with its tag. The associated data (say, a channel id)
 * binds a sealed secret to its owner: copied to another row, it no longer opens.
 */
@Component
public class SecretsCipher {

	private static final byte VERSION = 1;

	private static final int NONCE_LENGTH = 12;

	private static final int TAG_BITS = 128;

	private final SecureRandom random = new SecureRandom();

	private final SecretKey key;

	SecretsCipher(ServerSecrets secrets) {
		this.key = secrets.encryptionKey();
	}

	public byte[] seal(byte[] plaintext, String associatedData) {
		try {
			byte[] nonce = new byte[NONCE_LENGTH];
			this.random.nextBytes(nonce);
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, this.key, new GCMParameterSpec(TAG_BITS, nonce));
			cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
			byte[] ciphertext = cipher.doFinal(plaintext);
			return ByteBuffer.allocate(1 + NONCE_LENGTH + ciphertext.length)
				.put(VERSION)
				.put(nonce)
				.put(ciphertext)
				.array();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Could not seal a secret", ex);
		}
	}

	/**
	 * Opens a sealed secret.
	 * @throws IllegalStateException when it was sealed with another key or for other
	 * associated data, or was altered
	 */
	public byte[] open(byte[] sealed, String associatedData) {
		try {
			if (sealed.length < 1 + NONCE_LENGTH || sealed[0] != VERSION) {
				throw new GeneralSecurityException("unknown format");
			}
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, this.key, new GCMParameterSpec(TAG_BITS, sealed, 1, NONCE_LENGTH));
			cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
			return cipher.doFinal(sealed, 1 + NONCE_LENGTH, sealed.length - 1 - NONCE_LENGTH);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Could not open a sealed secret: wrong key or altered data", ex);
		}
	}

}

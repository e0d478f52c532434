package dev.switchboard.common.pagination;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.SecretKey;

import dev.switchboard.common.error.BadRequestException;
import dev.switchboard.common.security.ServerSecrets;

import org.springframework.stereotype.Component;

/**
 * Makes cursors opaque and tamper-evident: the position is encoded and signed with a
 * server key, so a cursor the service did not issue is refused with a 400.
 */
@Component
public class Cursors {

	private static final char SEPARATOR = '\u001f';

	private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

	private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

	private final SecretKey key;

	Cursors(ServerSecrets secrets) {
		this.key = secrets.derivedKey("pagination-cursor");
	}

	public String encode(Cursor cursor) {
		List<String> parts = new ArrayList<>();
		parts.add(cursor.kind());
		parts.add(cursor.direction().name());
		parts.addAll(cursor.key());
		byte[] payload = String.join(String.valueOf(SEPARATOR), parts).getBytes(StandardCharsets.UTF_8);
		return ENCODER.encodeToString(payload) + "." + ENCODER.encodeToString(sign(payload));
	}

	/**
	 * Decodes a cursor of the given kind.
	 * @throws BadRequestException when the cursor was not issued by this service for that
	 * kind of list
	 */
	public Cursor decode(String kind, String value) {
		int dot = value.indexOf('.');
		try {
			if (dot < 0) {
				throw new IllegalArgumentException();
			}
			byte[] payload = DECODER.decode(value.substring(0, dot));
			byte[] signature = DECODER.decode(value.substring(dot + 1));
			if (!MessageDigest.isEqual(signature, sign(payload))) {
				throw new IllegalArgumentException();
			}
			List<String> parts = Arrays
				.asList(new String(payload, StandardCharsets.UTF_8).split(String.valueOf(SEPARATOR), -1));
			if (parts.size() < 2 || !parts.get(0).equals(kind)) {
				throw new IllegalArgumentException();
			}
			return new Cursor(kind, Cursor.Direction.valueOf(parts.get(1)),
					List.copyOf(parts.subList(2, parts.size())));
		}
		catch (IllegalArgumentException ex) {
			throw new BadRequestException("The cursor is not valid: use a cursor returned by this list.");
		}
	}

	/**
	 * A short, stable digest of a request's parameters, to bind cursors to them (a cursor
	 * of one filter is refused for another).
	 */
	public static String fingerprint(String value) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
			return ENCODER.encodeToString(Arrays.copyOf(digest, 9));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private byte[] sign(byte[] payload) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(this.key);
			return Arrays.copyOf(mac.doFinal(payload), 16);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}

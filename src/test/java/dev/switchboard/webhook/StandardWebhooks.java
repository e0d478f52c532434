package dev.switchboard.webhook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A receiver's check of a delivery, written from the Standard Webhooks specification and
 * not with the service's code: the secret is {@code whsec_} plus base64 key bytes; the
 * signed content is {@code <webhook-id>.<webhook-timestamp>.<body>}; the header holds
 * space-separated {@code v1,<base64 HMAC-SHA256>} signatures, any of which may match.
 */
final class StandardWebhooks {

	private StandardWebhooks() {
	}

	static boolean verify(String secret, Receiver.Request request) {
		if (!secret.startsWith("whsec_")) {
			return false;
		}
		String id = request.header("webhook-id");
		String timestamp = request.header("webhook-timestamp");
		String signatures = request.header("webhook-signature");
		if (id == null || timestamp == null || signatures == null || !timestamp.matches("\\d+")) {
			return false;
		}
		try {
			Mac hmac = Mac.getInstance("HmacSHA256");
			hmac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
			byte[] content = (id + "." + timestamp + "." + request.text()).getBytes(StandardCharsets.UTF_8);
			byte[] expected = hmac.doFinal(content);
			for (String signature : signatures.split(" ")) {
				String[] parts = signature.split(",", 2);
				if (parts.length == 2 && parts[0].equals("v1")
						&& MessageDigest.isEqual(expected, Base64.getDecoder().decode(parts[1]))) {
					return true;
				}
			}
			return false;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}

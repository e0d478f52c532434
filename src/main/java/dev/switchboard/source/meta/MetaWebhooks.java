package dev.switchboard.source.meta;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.common.error.ForbiddenException;
import dev.switchboard.source.inbox.WebhookInbox;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * Meta's webhook contract, for the {@code /facebook}, {@code /instagram} and
 * {@code /whatsapp} controllers: the verify challenge, and signed deliveries stored
 * before they are acknowledged.
 */
@Component
public class MetaWebhooks {

	/**
	 * The largest webhook body accepted: Meta batches deliveries (up to about 3 MB), more
	 * than the API's 1 MiB request limit.
	 */
	public static final DataSize MAX_BODY = DataSize.ofMegabytes(4);

	private static final Logger log = LoggerFactory.getLogger(MetaWebhooks.class);

	private final WebhookInbox inbox;

	MetaWebhooks(WebhookInbox inbox) {
		this.inbox = inbox;
	}

	/**
	 * Answers Meta's subscription check: the challenge as plain text when the mode is
	 * {@code subscribe} and the verify token is the configured one.
	 * @throws ForbiddenException otherwise
	 */
	public ResponseEntity<String> verify(String mode, String verifyToken, String challenge, String expectedToken) {
		if ("subscribe".equals(mode) && challenge != null && expectedToken != null && !expectedToken.isEmpty()
				&& verifyToken != null && MessageDigest.isEqual(verifyToken.getBytes(StandardCharsets.UTF_8),
						expectedToken.getBytes(StandardCharsets.UTF_8))) {
			return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(challenge);
		}
		throw new ForbiddenException("The hub.mode is not subscribe or the hub.verify_token does not match.");
	}

	/**
	 * Stores a delivery whose signature matches (committed before the 200).
	 * @throws ForbiddenException when it does not match; nothing is stored
	 */
	public ResponseEntity<Void> receive(String source, String appSecret, byte[] body, String signature,
			String contentType) {
		if (appSecret == null || appSecret.isEmpty()) {
			log.warn("Refused a {} webhook: no app secret is configured to check its signature", source);
			throw refused();
		}
		if (!HubSignature.matches(appSecret, body, signature)) {
			log.warn("Refused a {} webhook with a {} signature", source, (signature == null) ? "missing" : "bad");
			throw refused();
		}
		this.inbox.store(source, (contentType != null) ? contentType : MediaType.APPLICATION_JSON_VALUE, body);
		return ResponseEntity.ok().build();
	}

	private static ForbiddenException refused() {
		return new ForbiddenException("The X-Hub-Signature-256 header is missing or does not match.");
	}

}

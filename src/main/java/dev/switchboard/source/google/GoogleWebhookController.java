package dev.switchboard.source.google;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.switchboard.common.error.ForbiddenException;
import dev.switchboard.common.security.Action;
import dev.switchboard.common.security.Audience;
import dev.switchboard.common.security.Endpoint;
import dev.switchboard.source.inbox.HmacSignatures;
import dev.switchboard.source.inbox.WebhookInbox;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /google}: Business Messages events, signed with {@code X-Goog-Signature}
 * (base64 HMAC-SHA512 with the partner key over the raw body), stored before the 200. The
 * one-time verification call {@code {clientToken, secret}} is answered with the secret
 * when the client token is the partner key.
 */
@RestController
class GoogleWebhookController {

	static final String PATH = "/google";

	private static final Logger log = LoggerFactory.getLogger(GoogleWebhookController.class);

	private final WebhookInbox inbox;

	private final GoogleProperties google;

	private final JsonMapper json;

	GoogleWebhookController(WebhookInbox inbox, GoogleProperties google, JsonMapper json) {
		this.inbox = inbox;
		this.google = google;
		this.json = json;
	}

	@Endpoint(action = Action.CREATE, resource = "/webhooks", audience = Audience.PUBLIC)
	@PostMapping(PATH)
	ResponseEntity<String> receive(HttpServletRequest request) throws IOException {
		byte[] body = request.getInputStream().readAllBytes();
		String signature = request.getHeader("X-Goog-Signature");
		if (!this.google.hasPartnerKey()) {
			log.warn("Refused a Google webhook: switchboard.sources.google.partner-key is not set");
			throw refused();
		}
		JsonNode verification = verification(body);
		if (verification != null) {
			// Google's contract checks the client token; a signature, when sent, must
			// hold too
			if (!HmacSignatures.matches(this.google.partnerKey(), verification.path("clientToken").asString())
					|| (signature != null && !signed(body, signature))) {
				log.warn("Refused a Google webhook verification: the client token is not the partner key");
				throw refused();
			}
			return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(verification.path("secret").asString());
		}
		if (!signed(body, signature)) {
			log.warn("Refused a Google webhook: X-Goog-Signature {}",
					(signature != null) ? "does not match" : "is missing");
			throw refused();
		}
		this.inbox.store(GoogleWebhookHandler.SOURCE, request.getContentType(), body);
		return ResponseEntity.ok().build();
	}

	private boolean signed(byte[] body, String signature) {
		return HmacSignatures.matches(HmacSignatures.base64("HmacSHA512", this.google.partnerKey(), body), signature);
	}

	/**
	 * The body of a verification call, or {@code null} for an event.
	 */
	private JsonNode verification(byte[] body) {
		try {
			JsonNode node = this.json.readTree(new String(body, StandardCharsets.UTF_8));
			return (node != null && node.isObject() && node.path("clientToken").isString()
					&& node.path("secret").isString()) ? node : null;
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	private static ForbiddenException refused() {
		return new ForbiddenException("The X-Goog-Signature header or the client token is missing or does not match.");
	}

}

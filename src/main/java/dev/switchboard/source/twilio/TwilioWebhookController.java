package dev.switchboard.source.twilio;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.common.error.ForbiddenException;
import dev.switchboard.common.security.Action;
import dev.switchboard.common.security.Audience;
import dev.switchboard.common.security.Endpoint;
import dev.switchboard.common.web.SwitchboardProperties;
import dev.switchboard.source.inbox.WebhookInbox;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.FormHttpMessageConverter;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /twilio}: inbound messages and status callbacks of every Twilio channel.
 * The signature is checked over the public URL from configuration, never the URL the
 * request arrived on, so it holds behind TLS-terminating proxies; the raw body is stored
 * before Twilio gets its empty TwiML answer.
 */
@RestController
class TwilioWebhookController {

	static final String PATH = "/twilio";

	static final String SOURCE = "twilio";

	static final String EMPTY_TWIML = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>";

	private static final Logger log = LoggerFactory.getLogger(TwilioWebhookController.class);

	private final FormHttpMessageConverter forms = new FormHttpMessageConverter();

	private final WebhookInbox inbox;

	private final TwilioProperties twilio;

	private final SwitchboardProperties switchboard;

	TwilioWebhookController(WebhookInbox inbox, TwilioProperties twilio, SwitchboardProperties switchboard) {
		this.inbox = inbox;
		this.twilio = twilio;
		this.switchboard = switchboard;
	}

	// The body is read from the stream, not bound: for a form post Spring would rebuild
	// it from the parsed parameters, which is not byte for byte what Twilio sent.
	@Endpoint(action = Action.CREATE, resource = "/webhooks", audience = Audience.PUBLIC)
	@PostMapping(PATH)
	ResponseEntity<String> receive(HttpServletRequest request) throws IOException {
		byte[] body = request.getInputStream().readAllBytes();
		String url = this.switchboard.publicUrl() + PATH
				+ ((request.getQueryString() != null) ? "?" + request.getQueryString() : "");
		if (!verified(url, request.getContentType(), body, request.getHeader("X-Twilio-Signature"))) {
			throw new ForbiddenException("The X-Twilio-Signature header is missing or does not match.");
		}
		this.inbox.store(SOURCE, request.getContentType(), body);
		return ResponseEntity.ok().contentType(MediaType.TEXT_XML).body(EMPTY_TWIML);
	}

	private boolean verified(String url, String contentType, byte[] body, String signature) {
		if (!this.twilio.configured()) {
			log.warn("Refused a Twilio webhook: switchboard.sources.twilio.auth-token is not set");
			return false;
		}
		MultiValueMap<String, String> parameters;
		try {
			parameters = parameters(contentType, body);
		}
		catch (IOException | RuntimeException ex) {
			log.warn("Refused a Twilio webhook whose body is not form-encoded");
			return false;
		}
		if (TwilioSignature.matches(this.twilio.authToken(), url, parameters, signature)) {
			return true;
		}
		log.warn("Refused a Twilio webhook: X-Twilio-Signature {} for {} (check switchboard.public-url)",
				(signature != null) ? "does not match" : "is missing", url);
		return false;
	}

	/**
	 * The parameters Twilio signed, read from the raw body by the converter the inbox
	 * reads the stored body with, so that both see the same parameters.
	 */
	private MultiValueMap<String, String> parameters(String contentType, byte[] body) throws IOException {
		HttpHeaders headers = new HttpHeaders();
		if (contentType != null) {
			headers.setContentType(MediaType.parseMediaType(contentType));
		}
		return this.forms.read(null, new HttpInputMessage() {
			@Override
			public InputStream getBody() {
				return new ByteArrayInputStream(body);
			}

			@Override
			public HttpHeaders getHeaders() {
				return headers;
			}
		});
	}

}

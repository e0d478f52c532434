package dev.switchboard.source.whatsapp;

import dev.switchboard.common.security.Action;
import dev.switchboard.common.security.Audience;
import dev.switchboard.common.security.Endpoint;
import dev.switchboard.source.meta.MetaWebhooks;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The public {@code /whatsapp} webhook and each account's
 * {@code /whatsapp/<account_key>}: Meta's verify challenge, and signed deliveries stored
 * before the 200.
 */
@RestController
class WhatsAppWebhookController {

	private final MetaWebhooks webhooks;

	private final WhatsAppGraph graph;

	WhatsAppWebhookController(MetaWebhooks webhooks, WhatsAppGraph graph) {
		this.webhooks = webhooks;
		this.graph = graph;
	}

	@Endpoint(action = Action.VIEW, resource = "/webhooks", audience = Audience.PUBLIC)
	@GetMapping("/whatsapp")
	ResponseEntity<String> verify(@RequestParam(name = "hub.mode", required = false) String mode,
			@RequestParam(name = "hub.verify_token", required = false) String verifyToken,
			@RequestParam(name = "hub.challenge", required = false) String challenge) {
		return this.webhooks.verify(mode, verifyToken, challenge, this.graph.properties().verifyToken());
	}

	@Endpoint(action = Action.CREATE, resource = "/webhooks", audience = Audience.PUBLIC)
	@PostMapping("/whatsapp")
	ResponseEntity<Void> receive(@RequestBody(required = false) byte[] body,
			@RequestHeader(name = "X-Hub-Signature-256", required = false) String signature,
			@RequestHeader(name = "Content-Type", required = false) String contentType) {
		return this.webhooks.receive(WhatsAppConnector.SOURCE, this.graph.defaults(),
				(body != null) ? body : new byte[0], signature, contentType);
	}

	@Endpoint(action = Action.VIEW, resource = "/webhooks", audience = Audience.PUBLIC)
	@GetMapping("/whatsapp/{accountKey}")
	ResponseEntity<String> verifyAccount(@PathVariable String accountKey,
			@RequestParam(name = "hub.mode", required = false) String mode,
			@RequestParam(name = "hub.verify_token", required = false) String verifyToken,
			@RequestParam(name = "hub.challenge", required = false) String challenge) {
		return this.webhooks.verifyAccount(WhatsAppConnector.SOURCE, accountKey, mode, verifyToken, challenge);
	}

	@Endpoint(action = Action.CREATE, resource = "/webhooks", audience = Audience.PUBLIC)
	@PostMapping("/whatsapp/{accountKey}")
	ResponseEntity<Void> receiveAccount(@PathVariable String accountKey, @RequestBody(required = false) byte[] body,
			@RequestHeader(name = "X-Hub-Signature-256", required = false) String signature,
			@RequestHeader(name = "Content-Type", required = false) String contentType) {
		return this.webhooks.receiveAccount(WhatsAppConnector.SOURCE, accountKey, this.graph.defaults(),
				(body != null) ? body : new byte[0], signature, contentType);
	}

}

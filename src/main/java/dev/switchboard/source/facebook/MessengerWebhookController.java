package dev.switchboard.source.facebook;

import jakarta.servlet.http.HttpServletRequest;

import dev.switchboard.common.security.Action;
import dev.switchboard.common.security.Audience;
import dev.switchboard.common.security.Endpoint;
import dev.switchboard.source.meta.FacebookProperties;
import dev.switchboard.source.meta.MetaApps;
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
 * The public {@code /facebook} and {@code /instagram} webhooks, and each account's
 * {@code /facebook/<account_key>} and {@code /instagram/<account_key>}: Meta's verify
 * challenge, and signed deliveries stored before the 200.
 */
@RestController
class MessengerWebhookController {

	private final MetaWebhooks webhooks;

	private final FacebookProperties properties;

	private final MetaApps apps;

	MessengerWebhookController(MetaWebhooks webhooks, FacebookProperties properties, MetaApps apps) {
		this.webhooks = webhooks;
		this.properties = properties;
		this.apps = apps;
	}

	@Endpoint(action = Action.VIEW, resource = "/webhooks", audience = Audience.PUBLIC)
	@GetMapping({ "/facebook", "/instagram" })
	ResponseEntity<String> verify(@RequestParam(name = "hub.mode", required = false) String mode,
			@RequestParam(name = "hub.verify_token", required = false) String verifyToken,
			@RequestParam(name = "hub.challenge", required = false) String challenge) {
		return this.webhooks.verify(mode, verifyToken, challenge, this.properties.verifyToken());
	}

	@Endpoint(action = Action.CREATE, resource = "/webhooks", audience = Audience.PUBLIC)
	@PostMapping("/facebook")
	ResponseEntity<Void> facebook(@RequestBody(required = false) byte[] body,
			@RequestHeader(name = "X-Hub-Signature-256", required = false) String signature,
			@RequestHeader(name = "Content-Type", required = false) String contentType) {
		return receive(FacebookGraph.FACEBOOK, body, signature, contentType);
	}

	@Endpoint(action = Action.CREATE, resource = "/webhooks", audience = Audience.PUBLIC)
	@PostMapping("/instagram")
	ResponseEntity<Void> instagram(@RequestBody(required = false) byte[] body,
			@RequestHeader(name = "X-Hub-Signature-256", required = false) String signature,
			@RequestHeader(name = "Content-Type", required = false) String contentType) {
		return receive(FacebookGraph.INSTAGRAM, body, signature, contentType);
	}

	@Endpoint(action = Action.VIEW, resource = "/webhooks", audience = Audience.PUBLIC)
	@GetMapping({ "/facebook/{accountKey}", "/instagram/{accountKey}" })
	ResponseEntity<String> verifyAccount(HttpServletRequest request, @PathVariable String accountKey,
			@RequestParam(name = "hub.mode", required = false) String mode,
			@RequestParam(name = "hub.verify_token", required = false) String verifyToken,
			@RequestParam(name = "hub.challenge", required = false) String challenge) {
		return this.webhooks.verifyAccount(source(request), accountKey, mode, verifyToken, challenge);
	}

	@Endpoint(action = Action.CREATE, resource = "/webhooks", audience = Audience.PUBLIC)
	@PostMapping({ "/facebook/{accountKey}", "/instagram/{accountKey}" })
	ResponseEntity<Void> receiveAccount(HttpServletRequest request, @PathVariable String accountKey,
			@RequestBody(required = false) byte[] body,
			@RequestHeader(name = "X-Hub-Signature-256", required = false) String signature,
			@RequestHeader(name = "Content-Type", required = false) String contentType) {
		return this.webhooks.receiveAccount(source(request), accountKey, this.apps.defaults(),
				(body != null) ? body : new byte[0], signature, contentType);
	}

	private ResponseEntity<Void> receive(String source, byte[] body, String signature, String contentType) {
		return this.webhooks.receive(source, this.apps.defaults(), (body != null) ? body : new byte[0], signature,
				contentType);
	}

	/** {@code instagram} for {@code /instagram/<account_key>}, else {@code facebook}. */
	private static String source(HttpServletRequest request) {
		return request.getRequestURI().startsWith(request.getContextPath() + "/instagram/") ? FacebookGraph.INSTAGRAM
				: FacebookGraph.FACEBOOK;
	}

}

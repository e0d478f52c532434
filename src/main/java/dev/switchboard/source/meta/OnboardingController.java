package dev.switchboard.source.meta;

import java.util.UUID;

import jakarta.validation.Valid;
import tools.jackson.databind.node.ObjectNode;

import dev.switchboard.common.security.Action;
import dev.switchboard.common.security.Audience;
import dev.switchboard.common.security.Endpoint;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The onboarding flows and account operations that call the platform: WhatsApp health and
 * Embedded Signup, the Instagram and Messenger connects, the persistent menu.
 */
@RestController
@RequestMapping("/api/integrations")
class OnboardingController {

	private final MetaOnboarding onboarding;

	OnboardingController(MetaOnboarding onboarding) {
		this.onboarding = onboarding;
	}

	@Endpoint(action = Action.VIEW, resource = "/workspaces/{ws}/integrations/accounts/{id}/health",
			audience = Audience.USER)
	@GetMapping("/accounts/{id}/health")
	ObjectNode health(@PathVariable UUID id) {
		return this.onboarding.health(id);
	}

	@Endpoint(action = Action.UPDATE, resource = "/workspaces/{ws}/integrations/accounts/{id}/persistent-menu",
			audience = Audience.USER)
	@PostMapping("/accounts/{id}/persistent-menu")
	MetaOnboarding.MenuChanged persistentMenu(@PathVariable UUID id,
			@Valid @RequestBody OnboardingRequests.PersistentMenu request) {
		return this.onboarding.persistentMenu(id, request);
	}

	@Endpoint(action = Action.CREATE, resource = "/workspaces/{ws}/integrations/accounts", audience = Audience.USER)
	@PostMapping("/whatsapp/embedded-signup")
	MetaOnboarding.Signup embeddedSignup(@Valid @RequestBody OnboardingRequests.EmbeddedSignup request) {
		return this.onboarding.embeddedSignup(request);
	}

	@Endpoint(action = Action.CREATE, resource = "/workspaces/{ws}/integrations/accounts", audience = Audience.USER)
	@PostMapping("/instagram/connect")
	MetaOnboarding.Connected connectInstagram(@Valid @RequestBody OnboardingRequests.OAuthCode request) {
		return this.onboarding.connectInstagram(request);
	}

	@Endpoint(action = Action.CREATE, resource = "/workspaces/{ws}/integrations/accounts", audience = Audience.USER)
	@PostMapping("/messenger/connect")
	MetaOnboarding.MessengerPages connectMessenger(@Valid @RequestBody OnboardingRequests.OAuthCode request) {
		return this.onboarding.connectMessenger(request);
	}

	@Endpoint(action = Action.CREATE, resource = "/workspaces/{ws}/integrations/accounts", audience = Audience.USER)
	@PostMapping("/messenger/pages")
	MetaOnboarding.PagesConnected connectPages(@Valid @RequestBody OnboardingRequests.Pages request) {
		return this.onboarding.connectPages(request);
	}

}

package dev.switchboard.integration;

import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;

import dev.switchboard.common.security.Action;
import dev.switchboard.common.security.Audience;
import dev.switchboard.common.security.Endpoint;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Integrations and accounts, resource style as seed 002 has them; user tokens only.
 */
@RestController
@RequestMapping("/api/integrations")
class IntegrationController {

	private final IntegrationService integrations;

	IntegrationController(IntegrationService integrations) {
		this.integrations = integrations;
	}

	@Endpoint(action = Action.VIEW, resource = "/workspaces/{ws}/integrations", audience = Audience.USER)
	@GetMapping
	List<IntegrationView> list() {
		return this.integrations.list();
	}

	@Endpoint(action = Action.VIEW, resource = "/workspaces/{ws}/integrations/accounts", audience = Audience.USER)
	@GetMapping("/accounts")
	List<AccountView> accounts(@RequestParam(required = false) String channel) {
		return this.integrations.accounts(channel);
	}

	@Endpoint(action = Action.CREATE, resource = "/workspaces/{ws}/integrations/accounts", audience = Audience.USER)
	@PostMapping("/accounts")
	@ResponseStatus(HttpStatus.CREATED)
	AccountView create(@Valid @RequestBody AccountRequests.Create request) {
		return this.integrations.create(request);
	}

	@Endpoint(action = Action.VIEW, resource = "/workspaces/{ws}/integrations/accounts/{id}", audience = Audience.USER)
	@GetMapping("/accounts/{id}")
	AccountView account(@PathVariable UUID id) {
		return this.integrations.account(id);
	}

	@Endpoint(action = Action.UPDATE, resource = "/workspaces/{ws}/integrations/accounts/{id}",
			audience = Audience.USER)
	@PatchMapping("/accounts/{id}")
	AccountView update(@PathVariable UUID id, @Valid @RequestBody AccountRequests.Update request) {
		return this.integrations.update(id, request);
	}

	@Endpoint(action = Action.UPDATE, resource = "/workspaces/{ws}/integrations/accounts/{id}/default",
			audience = Audience.USER)
	@PostMapping("/accounts/{id}/default")
	AccountView makeDefault(@PathVariable UUID id) {
		return this.integrations.makeDefault(id);
	}

	@Endpoint(action = Action.VIEW, resource = "/workspaces/{ws}/integrations/{channel}", audience = Audience.USER)
	@GetMapping("/{channel}")
	IntegrationView get(@PathVariable String channel) {
		return this.integrations.get(channel);
	}

	@Endpoint(action = Action.UPDATE, resource = "/workspaces/{ws}/integrations/{channel}", audience = Audience.USER)
	@PutMapping("/{channel}")
	IntegrationView put(@PathVariable String channel, @Valid @RequestBody AccountRequests.PutIntegration request) {
		return this.integrations.put(channel, request.isActive(), request.config(),
				AccountRequests.division(request.divisionId()));
	}

}

package dev.switchboard.access;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import dev.switchboard.common.security.Audience;
import dev.switchboard.common.security.Endpoint;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import static dev.switchboard.common.security.Action.CREATE;
import static dev.switchboard.common.security.Action.DELETE;
import static dev.switchboard.common.security.Action.VIEW;

/**
 * {@code access-keys.create/list/revoke}: for admins with a user token; keys never manage
 * keys.
 */
@RestController
class AccessKeyController {

	private final AccessKeyService keys;

	AccessKeyController(AccessKeyService keys) {
		this.keys = keys;
	}

	@Endpoint(action = CREATE, resource = "/workspaces/{ws}/access-keys", audience = Audience.USER)
	@PostMapping("/access-keys.create")
	@ResponseStatus(HttpStatus.CREATED)
	CreatedKey create(@Valid @RequestBody CreateRequest request) {
		AccessKeyService.Created created = this.keys.create(request.name(), request.policies(), request.expiresAt());
		return CreatedKey.of(created.key(), created.secret());
	}

	@Endpoint(action = VIEW, resource = "/workspaces/{ws}/access-keys", audience = Audience.USER)
	@PostMapping("/access-keys.list")
	KeyList list() {
		return new KeyList(this.keys.list().stream().map(KeyView::of).toList());
	}

	@Endpoint(action = DELETE, resource = "/workspaces/{ws}/access-keys/{id}", audience = Audience.USER)
	@PostMapping("/access-keys.revoke")
	KeyView revoke(@Valid @RequestBody IdRequest request) {
		return KeyView.of(this.keys.revoke(request.id()));
	}

	record CreateRequest(
			@NotNull @Size(min = 1, max = 200) @Pattern(regexp = "(?s).*\\S.*",
					message = "must not be blank") String name,
			@NotNull @Size(min = 1,
					max = AccessKeyService.MAX_STATEMENTS) List<AccessKeyService.PolicyRequest> policies,
			Instant expiresAt) {
	}

	record IdRequest(@NotNull UUID id) {
	}

	record CreatedKey(UUID id, String name, String key, List<Policy> policies, Instant createdAt, Instant expiresAt) {

		static CreatedKey of(AccessKey key, String secret) {
			return new CreatedKey(key.id(), key.name(), secret, key.policies(), key.createdAt(), key.expiresAt());
		}

		@Override
		public String toString() {
			return "CreatedKey[" + this.id + "]";
		}

	}

	record KeyView(UUID id, String name, List<Policy> policies, Instant createdAt, Instant expiresAt,
			Instant revokedAt) {

		static KeyView of(AccessKey key) {
			return new KeyView(key.id(), key.name(), key.policies(), key.createdAt(), key.expiresAt(), key.revokedAt());
		}

	}

	record KeyList(List<KeyView> data) {
	}

}

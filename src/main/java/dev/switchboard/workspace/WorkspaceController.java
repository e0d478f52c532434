package dev.switchboard.workspace;

import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import dev.switchboard.common.security.Action;
import dev.switchboard.common.security.Audience;
import dev.switchboard.common.security.CurrentMember;
import dev.switchboard.common.security.Endpoint;
import dev.switchboard.common.security.Role;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code workspaces.list}, {@code workspaces.create} and {@code workspaces.update};
 * {@code workspaces.switch} issues a token, so it lives with the user tokens.
 */
@RestController
class WorkspaceController {

	private final WorkspaceService workspaces;

	WorkspaceController(WorkspaceService workspaces) {
		this.workspaces = workspaces;
	}

	@Endpoint(action = Action.VIEW, resource = "/users/me/workspaces", audience = Audience.USER)
	@PostMapping("/workspaces.list")
	WorkspaceList list() {
		return new WorkspaceList(this.workspaces.memberships(CurrentMember.get().userId())
			.stream()
			.filter(Membership::active)
			.map((membership) -> new WorkspaceList.Item(membership.workspaceId(), membership.workspaceName(),
					membership.role()))
			.toList());
	}

	@Endpoint(action = Action.CREATE, resource = "/workspaces", audience = Audience.USER)
	@PostMapping("/workspaces.create")
	@ResponseStatus(HttpStatus.CREATED)
	WorkspaceView create(@Valid @RequestBody NameRequest request) {
		return this.workspaces.create(request.name(), CurrentMember.get().userId());
	}

	@Endpoint(action = Action.UPDATE, resource = "/workspaces/{ws}")
	@PostMapping("/workspaces.update")
	WorkspaceView update(@Valid @RequestBody NameRequest request) {
		return this.workspaces.rename(CurrentMember.workspaceId(), request.name());
	}

	record NameRequest(@NotBlank @Size(max = 200) String name) {
	}

	record WorkspaceList(List<Item> data) {

		record Item(UUID id, String name, Role role) {
		}

	}

}

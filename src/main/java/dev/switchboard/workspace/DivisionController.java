package dev.switchboard.workspace;

import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import dev.switchboard.common.security.Action;
import dev.switchboard.common.security.Endpoint;
import dev.switchboard.common.web.Empty;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code divisions.*}: admins manage the divisions of their workspace; supervisors may
 * list them.
 */
@RestController
class DivisionController {

	private static final String NOT_BLANK = "(?s).*\\S.*";

	private final DivisionService divisions;

	DivisionController(DivisionService divisions) {
		this.divisions = divisions;
	}

	@Endpoint(action = Action.CREATE, resource = "/workspaces/{ws}/divisions")
	@PostMapping("/divisions.create")
	@ResponseStatus(HttpStatus.CREATED)
	DivisionView create(@Valid @RequestBody CreateRequest request) {
		return this.divisions.create(request.name());
	}

	@Endpoint(action = Action.UPDATE, resource = "/workspaces/{ws}/divisions/{id}")
	@PostMapping("/divisions.update")
	DivisionView update(@Valid @RequestBody UpdateRequest request) {
		return this.divisions.rename(request.id(), request.name());
	}

	@Endpoint(action = Action.DELETE, resource = "/workspaces/{ws}/divisions/{id}")
	@PostMapping("/divisions.delete")
	Empty delete(@Valid @RequestBody IdRequest request) {
		this.divisions.delete(request.id());
		return Empty.INSTANCE;
	}

	@Endpoint(action = Action.VIEW, resource = "/workspaces/{ws}/divisions")
	@PostMapping("/divisions.list")
	DivisionList list() {
		return new DivisionList(this.divisions.list());
	}

	record CreateRequest(@NotNull @Size(min = 1, max = 200) @Pattern(regexp = NOT_BLANK,
			message = "must not be blank") String name) {
	}

	record UpdateRequest(@NotNull UUID id, @NotNull @Size(min = 1, max = 200) @Pattern(regexp = NOT_BLANK,
			message = "must not be blank") String name) {
	}

	record IdRequest(@NotNull UUID id) {
	}

	record DivisionList(List<DivisionView> data) {
	}

}

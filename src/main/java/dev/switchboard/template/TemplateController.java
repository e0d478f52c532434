package dev.switchboard.template;

import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import tools.jackson.databind.JsonNode;

import dev.switchboard.common.security.Action;
import dev.switchboard.common.security.Endpoint;
import dev.switchboard.common.web.Empty;
import dev.switchboard.template.TemplateService.TemplateView;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code templates.*}. Agents list and read templates (and send them with
 * {@code messages.send}); supervisors and admins manage them.
 */
@RestController
class TemplateController {

	private static final String NOT_BLANK = "(?s).*\\S.*";

	private final TemplateService templates;

	TemplateController(TemplateService templates) {
		this.templates = templates;
	}

	@Endpoint(action = Action.CREATE, resource = "/workspaces/{ws}/templates")
	@PostMapping("/templates.create")
	@ResponseStatus(HttpStatus.CREATED)
	TemplateView create(@Valid @RequestBody CreateRequest request) {
		return this.templates.create(request.name(), request.source(), request.content());
	}

	@Endpoint(action = Action.VIEW, resource = "/workspaces/{ws}/templates")
	@PostMapping("/templates.list")
	TemplateList list(@Valid @RequestBody(required = false) ListRequest request) {
		ListRequest list = (request != null) ? request : new ListRequest(null, null);
		return new TemplateList(this.templates.list(list.source(), list.name()));
	}

	@Endpoint(action = Action.VIEW, resource = "/workspaces/{ws}/templates/{id}")
	@PostMapping("/templates.info")
	TemplateView info(@Valid @RequestBody IdRequest request) {
		return this.templates.info(request.id());
	}

	@Endpoint(action = Action.UPDATE, resource = "/workspaces/{ws}/templates/{id}")
	@PostMapping("/templates.update")
	TemplateView update(@Valid @RequestBody UpdateRequest request) {
		return this.templates.update(request.id(), request.name(), request.content());
	}

	@Endpoint(action = Action.DELETE, resource = "/workspaces/{ws}/templates/{id}")
	@PostMapping("/templates.delete")
	Empty delete(@Valid @RequestBody IdRequest request) {
		this.templates.delete(request.id());
		return Empty.INSTANCE;
	}

	record CreateRequest(@NotBlank @Size(max = 100) String name,
			@Schema(description = "the only source it is for; absent for every source") @Size(max = 64) String source,
			@Schema(description = "a message as messages.send takes it") @NotNull JsonNode content) {
	}

	record ListRequest(@Size(max = 64) String source, @Size(max = 100) String name) {
	}

	record IdRequest(@NotNull UUID id) {
	}

	record UpdateRequest(@NotNull UUID id,
			@Pattern(regexp = NOT_BLANK, message = "must not be blank") @Size(max = 100) String name,
			JsonNode content) {
	}

	record TemplateList(List<TemplateView> data) {
	}

}

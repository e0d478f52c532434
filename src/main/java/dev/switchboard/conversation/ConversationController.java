package dev.switchboard.conversation;

import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import tools.jackson.databind.JsonNode;

import dev.switchboard.common.pagination.PageRequest;
import dev.switchboard.common.security.Action;
import dev.switchboard.common.security.Endpoint;
import dev.switchboard.common.web.Empty;
import dev.switchboard.conversation.ConversationService.ConversationPage;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code conversations.*} and {@code metadata.*}, open to every role.
 */
@RestController
class ConversationController {

	private final ConversationService conversations;

	ConversationController(ConversationService conversations) {
		this.conversations = conversations;
	}

	@Endpoint(action = Action.VIEW, resource = "/workspaces/{ws}/conversations")
	@PostMapping("/conversations.list")
	ConversationPage list(@Valid @RequestBody(required = false) ListRequest request) {
		ListRequest list = (request != null) ? request : new ListRequest(null, null, null);
		return this.conversations.list(list.filters(), new PageRequest(list.cursor(), list.pageSize()));
	}

	@Endpoint(action = Action.VIEW, resource = "/workspaces/{ws}/conversations/{conversation_id}")
	@PostMapping("/conversations.info")
	ConversationView info(@Valid @RequestBody ConversationIdRequest request) {
		return this.conversations.find(request.conversationId());
	}

	@Endpoint(action = Action.UPDATE, resource = "/workspaces/{ws}/conversations/{conversation_id}")
	@PostMapping("/conversations.read")
	@ResponseStatus(HttpStatus.ACCEPTED)
	Empty read(@Valid @RequestBody ConversationIdRequest request) {
		this.conversations.markRead(request.conversationId());
		return Empty.INSTANCE;
	}

	@Endpoint(action = Action.UPDATE, resource = "/workspaces/{ws}/conversations/{conversation_id}")
	@PostMapping("/conversations.tag")
	Empty tag(@Valid @RequestBody TagRequest request) {
		this.conversations.tag(request.conversationId(), request.tagId());
		return Empty.INSTANCE;
	}

	@Endpoint(action = Action.UPDATE, resource = "/workspaces/{ws}/conversations/{conversation_id}")
	@PostMapping("/conversations.untag")
	Empty untag(@Valid @RequestBody TagRequest request) {
		this.conversations.untag(request.conversationId(), request.tagId());
		return Empty.INSTANCE;
	}

	@Endpoint(action = Action.UPDATE, resource = "/workspaces/{ws}/conversations/{conversation_id}")
	@PostMapping({ "/conversations.set-state", "/conversations.setState" })
	Empty setState(@Valid @RequestBody StateRequest request) {
		this.conversations.setState(request.conversationId(), request.state());
		return Empty.INSTANCE;
	}

	@Endpoint(action = Action.UPDATE, resource = "/workspaces/{ws}/conversations/{conversation_id}")
	@PostMapping("/conversations.update-contact")
	Empty updateContact(@Valid @RequestBody ContactRequest request) {
		this.conversations.updateContact(request.conversationId(), request.displayName().trim());
		return Empty.INSTANCE;
	}

	@Endpoint(action = Action.UPDATE, resource = "/workspaces/{ws}/conversations/{conversation_id}")
	@PostMapping("/conversations.assign")
	Empty assign(@Valid @RequestBody AssignRequest request) {
		this.conversations.assign(request.conversationId(), request.userId());
		return Empty.INSTANCE;
	}

	@Endpoint(action = Action.UPDATE, resource = "/workspaces/{ws}/conversations/{conversation_id}")
	@PostMapping("/conversations.unassign")
	Empty unassign(@Valid @RequestBody ConversationIdRequest request) {
		this.conversations.unassign(request.conversationId());
		return Empty.INSTANCE;
	}

	@Endpoint(action = Action.UPDATE, resource = "/workspaces/{ws}/conversations/{conversation_id}")
	@PostMapping("/metadata.set")
	Empty setMetadata(@Valid @RequestBody MetadataSetRequest request) {
		this.conversations.setMetadata(request.conversationId(), request.key(), request.value());
		return Empty.INSTANCE;
	}

	@Endpoint(action = Action.UPDATE, resource = "/workspaces/{ws}/conversations/{conversation_id}")
	@PostMapping("/metadata.remove")
	Empty removeMetadata(@Valid @RequestBody MetadataRemoveRequest request) {
		this.conversations.removeMetadata(request.conversationId(), request.key());
		return Empty.INSTANCE;
	}

	record ListRequest(@Size(max = 4096) String filters, @Size(max = 1024) String cursor,
			@Min(1) @Max(1000) Integer pageSize) {
	}

	record ConversationIdRequest(@NotNull UUID conversationId) {
	}

	record TagRequest(@NotNull UUID conversationId, @NotNull UUID tagId) {
	}

	record AssignRequest(@NotNull UUID conversationId, @NotNull UUID userId) {
	}

	record StateRequest(@NotNull UUID conversationId,
			@NotNull @Pattern(regexp = "OPEN|CLOSED", message = "must be OPEN or CLOSED") String state) {
	}

	record ContactRequest(@NotNull UUID conversationId, @NotBlank @Size(max = 200) String displayName) {
	}

	record MetadataSetRequest(@NotNull UUID conversationId, @NotNull @Size(max = 256) String key,
			@NotNull(message = "is required (JSON null is allowed)") JsonNode value) {
	}

	record MetadataRemoveRequest(@NotNull UUID conversationId, @NotNull @Size(max = 256) String key) {
	}

}

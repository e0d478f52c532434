package dev.switchboard.compat;

import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import tools.jackson.databind.JsonNode;

import dev.switchboard.common.security.Action;
import dev.switchboard.common.security.Endpoint;
import dev.switchboard.common.web.Empty;
import dev.switchboard.compat.ClientConfigService.ClientConfig;
import dev.switchboard.conversation.ConversationService;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The two endpoints Airy's clients call that Switchboard has no name for:
 * {@code metadata.upsert} (agents and up, as {@code metadata.set}) and
 * {@code client.config} (every member).
 */
@RestController
class CompatController {

	private final ConversationService conversations;

	private final ClientConfigService clientConfig;

	CompatController(ConversationService conversations, ClientConfigService clientConfig) {
		this.conversations = conversations;
		this.clientConfig = clientConfig;
	}

	@Operation(deprecated = true, summary = "Airy's metadata.upsert: merges data into a conversation's metadata",
			description = "For Airy clients; metadata.set and metadata.remove are the API's own.")
	@Endpoint(action = Action.UPDATE, resource = "/workspaces/{ws}/conversations/{id}")
	@PostMapping("/metadata.upsert")
	Empty upsertMetadata(@Valid @RequestBody UpsertRequest request) {
		this.conversations.mergeMetadata(request.id(), request.data());
		return Empty.INSTANCE;
	}

	@Endpoint(action = Action.VIEW, resource = "/workspaces/{ws}/channels")
	@PostMapping("/client.config")
	ClientConfig clientConfig() {
		return this.clientConfig.current();
	}

	record UpsertRequest(@NotNull UUID id,
			@NotNull @Pattern(regexp = "conversation",
					message = "must be conversation: only conversations have metadata here") String subject,
			@NotNull JsonNode data) {
	}

}

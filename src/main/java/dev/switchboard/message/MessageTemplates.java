package dev.switchboard.message;

import java.util.Optional;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

/**
 * The saved messages that {@code messages.send {message: {template_id}}} sends. The
 * template feature implements it, so this feature never depends on that one.
 */
public interface MessageTemplates {

	/**
	 * A template of the workspace.
	 * @param workspaceId the sender's workspace: a template of another one is never found
	 * @param templateId the template
	 * @return the template, or empty when the workspace has none with this id
	 */
	Optional<SavedMessage> find(UUID workspaceId, UUID templateId);

	/**
	 * A template's message.
	 *
	 * @param source the only source it is for, or {@code null} for every source
	 * @param message the message, as {@code messages.send} takes it
	 */
	record SavedMessage(String source, JsonNode message) {

	}

}

package dev.switchboard.message;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/**
 * A message as the API shows it.
 *
 * @param id the message id
 * @param conversationId its conversation
 * @param content the typed content
 * @param deliveryState {@code PENDING}, {@code DELIVERED} or {@code FAILED}
 * @param senderType {@code source_contact}, {@code source_user} or {@code app_user}
 * @param sender who sent it
 * @param sentAt when it was sent
 * @param source the channel's source
 * @param metadata delivery details ({@code error}, {@code source.id}, receipts) and more
 * @param sourceContent the platform's raw payload, when there is one
 */
public record MessageView(UUID id, UUID conversationId, MessageContent content, String deliveryState, String senderType,
		Sender sender, Instant sentAt, String source, JsonNode metadata,
		@JsonInclude(JsonInclude.Include.NON_NULL) JsonNode sourceContent) {

	/**
	 * Whether the contact sent it: what Airy's clients read instead of
	 * {@code sender_type}, so every message in every response and event carries it.
	 */
	@JsonProperty(value = "from_contact", access = JsonProperty.Access.READ_ONLY)
	public boolean fromContact() {
		return "source_contact".equals(this.senderType);
	}

	/**
	 * Who sent a message.
	 *
	 * @param id the user id, contact id or platform id of the sender
	 * @param name the sender's name, when known
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Sender(String id, String name) {

	}

}

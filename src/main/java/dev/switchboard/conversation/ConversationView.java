package dev.switchboard.conversation;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import tools.jackson.databind.JsonNode;

import dev.switchboard.channel.ChannelView;

/**
 * A conversation as the API shows it.
 *
 * @param id the conversation id
 * @param channel its channel
 * @param createdAt when it started
 * @param contact who the business talks to
 * @param tags ids of its tags
 * @param metadata nested metadata
 * @param state {@code OPEN} or {@code CLOSED}
 * @param lastMessage the latest message, in the message shape
 * @param unreadMessageCount contact messages since it was last read
 * @param assignee the member it is assigned to, or {@code null}
 */
public record ConversationView(UUID id, Channel channel, Instant createdAt, Contact contact, List<UUID> tags,
		JsonNode metadata, String state, @Schema(nullable = true) JsonNode lastMessage, int unreadMessageCount,
		@Schema(nullable = true) Assignee assignee) {

	/**
	 * The conversation's channel; {@code name} is the source, as the contract has it.
	 *
	 * @param id the channel id
	 * @param name the source
	 * @param source the source
	 * @param sourceChannelId the platform id of the account
	 * @param metadata the channel's name and image
	 * @param connected whether the channel is connected
	 */
	public record Channel(UUID id, String name, String source, String sourceChannelId, ChannelView.Metadata metadata,
			boolean connected) {

		static Channel of(ChannelView channel) {
			return new Channel(channel.id(), channel.source(), channel.source(), channel.sourceChannelId(),
					channel.metadata(), channel.connected());
		}

	}

	/**
	 * The member a conversation is assigned to.
	 *
	 * @param id the user id
	 * @param name their first and last name
	 */
	public record Assignee(UUID id, String name) {

	}

	/**
	 * The contact.
	 *
	 * @param id the contact id
	 * @param displayName the name shown
	 * @param firstName the first name, when the platform gave one
	 * @param lastName the last name, when the platform gave one
	 * @param avatarUrl the picture, when the platform gave one
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Contact(UUID id, String displayName, String firstName, String lastName, String avatarUrl) {

	}

}

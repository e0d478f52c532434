package dev.switchboard.message;

import java.util.UUID;

import tools.jackson.databind.JsonNode;

/**
 * A message to deliver, with where it goes.
 *
 * @param messageId our message id (platforms that take a client id get it, so a retried
 * send is not duplicated)
 * @param conversationId the conversation
 * @param channelId the channel (its credentials come from
 * {@link dev.switchboard.channel.ChannelService#credentials(UUID)})
 * @param sourceChannelId the platform id of the sending account
 * @param recipientId the contact's platform id
 * @param content the typed content
 * @param attempt 1 for the first attempt
 */
public record OutboundMessage(UUID messageId, UUID conversationId, UUID channelId, String sourceChannelId,
		String recipientId, Content content, int attempt) {

	/**
	 * Typed message content: {@code type} ({@code text}, {@code image}, {@code video},
	 * {@code audio}, {@code file}, {@code location}, {@code postback}, {@code template},
	 * {@code source_payload}) and the whole content object.
	 *
	 * @param type the content type
	 * @param json the content object, {@code type} included
	 */
	public record Content(String type, JsonNode json) {

		public String text(String field) {
			JsonNode value = this.json.get(field);
			return (value != null && value.isString()) ? value.asString() : null;
		}

	}

}

package dev.switchboard.message;

import java.util.UUID;

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
 * @param content the typed content; a {@link MessageContent.SourcePayload} is the
 * platform's own message object
 * @param attempt 1 for the first attempt
 */
public record OutboundMessage(UUID messageId, UUID conversationId, UUID channelId, String sourceChannelId,
		String recipientId, MessageContent content, int attempt) {

}

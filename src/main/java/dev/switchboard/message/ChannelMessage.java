package dev.switchboard.message;

import java.time.Instant;
import java.util.UUID;

/**
 * A message as the Channels API needs it: the message and what that API shows besides.
 *
 * @param message the message
 * @param channelId its channel
 * @param direction {@code incoming} (from the contact) or {@code outgoing}
 * @param status {@code accepted}, {@code processing}, {@code sent}, {@code delivered},
 * {@code read} or {@code sending_failed}
 * @param reason why sending failed, for {@code sending_failed}
 * @param recipientId the contact's platform id
 * @param updatedAt when it last changed
 * @param lastStatusAt when its status last changed
 */
public record ChannelMessage(MessageView message, UUID channelId, String direction, String status, String reason,
		String recipientId, Instant updatedAt, Instant lastStatusAt) {

}

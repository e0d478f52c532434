package dev.switchboard.message;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import tools.jackson.databind.json.JsonMapper;

/**
 * Message rows in their API shape.
 */
final class MessageViews {

	private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
		.withZone(ZoneOffset.UTC);

	private MessageViews() {
	}

	/**
	 * An instant as the API writes it (ISO-8601 UTC with milliseconds), for JSON that SQL
	 * stores.
	 */
	static String timestamp(Instant instant) {
		return (instant != null) ? TIMESTAMP.format(instant) : null;
	}

	static MessageView of(MessageRow row, JsonMapper json) {
		return new MessageView(row.id(), row.conversationId(), json.readValue(row.content(), MessageContent.class),
				row.deliveryState(), row.senderType(), new MessageView.Sender(row.senderId(), row.senderName()),
				row.sentAt(), row.source(), json.readTree(row.metadata()),
				(row.sourceContent() != null) ? json.readTree(row.sourceContent()) : null);
	}

}

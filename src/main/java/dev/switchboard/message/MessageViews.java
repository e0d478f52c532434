package dev.switchboard.message;

import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import tools.jackson.databind.json.JsonMapper;

import dev.switchboard.conversation.LastMessages;

import org.springframework.stereotype.Component;

/**
 * Message rows in their API shape; also the conversations' {@code last_message} look-up.
 */
@Component
class MessageViews implements LastMessages {

	private final MessageRepository messages;

	private final JsonMapper json;

	MessageViews(MessageRepository messages, JsonMapper json) {
		this.messages = messages;
		this.json = json;
	}

	@Override
	public Map<UUID, MessageView> find(Collection<UUID> messageIds) {
		return this.messages.findAll(messageIds)
			.stream()
			.map((row) -> of(row, this.json))
			.collect(Collectors.toMap(MessageView::id, Function.identity()));
	}

	private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
		.withZone(ZoneOffset.UTC);

	/**
	 * An instant as the API writes it (ISO-8601 UTC with milliseconds), for JSON that SQL
	 * stores.
	 */
	static String timestamp(Instant instant) {
		return (instant != null) ? TIMESTAMP.format(instant) : null;
	}

	static MessageView of(MessageRow row, JsonMapper json) {
		return new MessageView(row.id(), row.conversationId(), json.readTree(row.content()), row.deliveryState(),
				row.senderType(), new MessageView.Sender(row.senderId(), row.senderName()), row.sentAt(), row.source(),
				json.readTree(row.metadata()),
				(row.sourceContent() != null) ? json.readTree(row.sourceContent()) : null);
	}

}

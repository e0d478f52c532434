package dev.switchboard.message;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.util.UriUtils;

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

	/**
	 * The message's view; media a platform gave only an id for get the URL that serves
	 * them ({@code /workspaces/{ws}/messages/{id}/media/{mediaId}} under the public URL).
	 */
	static MessageView of(MessageRow row, JsonMapper json, String publicUrl) {
		MessageContent content = json.readValue(row.content(), MessageContent.class);
		if (content instanceof MessageContent.Media media && media.url() == null && media.mediaId() != null) {
			String url = publicUrl + "/workspaces/" + row.workspaceId() + "/messages/" + row.id() + "/media/"
					+ UriUtils.encodePathSegment(media.mediaId(), StandardCharsets.UTF_8);
			content = MessageContent.Media.of(media.type(), url, media.name(), media.text(), media.mediaId(),
					media.mimeType());
		}
		return new MessageView(row.id(), row.conversationId(), content, row.deliveryState(), row.senderType(),
				new MessageView.Sender(row.senderId(), row.senderName()), row.sentAt(), row.source(),
				json.readTree(row.metadata()),
				(row.sourceContent() != null) ? json.readTree(row.sourceContent()) : null);
	}

}

package dev.switchboard.message;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;

/**
 * A row of {@code messages}, as read; JSON columns as text.
 *
 * @param id the message id
 * @param workspaceId its workspace
 * @param conversationId the conversation
 * @param channelId the channel
 * @param source the source
 * @param senderType who sent it
 * @param senderId the sender's id
 * @param senderName the sender's name
 * @param content the typed content
 * @param sourceContent the platform payload
 * @param deliveryState the delivery state
 * @param metadata the metadata
 * @param sourceMessageId the platform's message id
 * @param sentAt when it was sent
 */
record MessageRow(UUID id, UUID workspaceId, UUID conversationId, UUID channelId, String source, String senderType,
		String senderId, String senderName, String content, String sourceContent, String deliveryState, String metadata,
		String sourceMessageId, Instant sentAt) {

	static final String COLUMNS = """
			m.id, m.workspace_id, m.conversation_id, m.channel_id, m.source, m.sender_type, m.sender_id, m.sender_name,
			m.content::text as content, m.source_content::text as source_content, m.delivery_state,
			m.metadata::text as metadata, m.source_message_id, m.sent_at""";

	static MessageRow map(ResultSet rs, int row) throws SQLException {
		return new MessageRow(rs.getObject("id", UUID.class), rs.getObject("workspace_id", UUID.class),
				rs.getObject("conversation_id", UUID.class), rs.getObject("channel_id", UUID.class),
				rs.getString("source"), rs.getString("sender_type"), rs.getString("sender_id"),
				rs.getString("sender_name"), rs.getString("content"), rs.getString("source_content"),
				rs.getString("delivery_state"), rs.getString("metadata"), rs.getString("source_message_id"),
				rs.getTimestamp("sent_at").toInstant());
	}

}

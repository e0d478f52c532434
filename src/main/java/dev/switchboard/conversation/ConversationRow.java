package dev.switchboard.conversation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A row of {@code conversations}, as read.
 *
 * @param id the conversation id
 * @param workspaceId its workspace
 * @param channelId the channel
 * @param source the channel's source
 * @param contactId the contact id
 * @param sourceContactId the contact's platform id
 * @param displayName the contact's display name
 * @param firstName the contact's first name
 * @param lastName the contact's last name
 * @param avatarUrl the contact's picture
 * @param state {@code OPEN} or {@code CLOSED}
 * @param unreadCount contact messages since the last read
 * @param metadata the metadata document, as JSON text
 * @param lastMessageId the latest message
 * @param lastActivityAt when the latest message was sent
 * @param createdAt when the conversation started
 * @param lastMessage the latest message in its API shape, as JSON text, or {@code null}
 * @param tagIds the ids of its tags, in id order
 * @param assigneeId the user it is assigned to, or {@code null}
 * @param assigneeName that user's first and last name
 */
record ConversationRow(UUID id, UUID workspaceId, UUID channelId, String source, UUID contactId, String sourceContactId,
		String displayName, String firstName, String lastName, String avatarUrl, String state, int unreadCount,
		String metadata, UUID lastMessageId, Instant lastActivityAt, Instant createdAt, String lastMessage,
		List<UUID> tagIds, UUID assigneeId, String assigneeName) {

	/** The columns, with the last message read from its copy. */
	static final String COLUMNS = columns(
			"(select lm.message::text from conversation_last_messages lm where lm.conversation_id = c.id)");

	/**
	 * The columns, with the last message as the given expression.
	 */
	static String columns(String lastMessage) {
		return """
				c.id, c.workspace_id, c.channel_id, c.source, c.contact_id, c.source_contact_id, c.display_name,
				c.first_name, c.last_name, c.avatar_url, c.state, c.unread_count, c.metadata::text as metadata,
				c.last_message_id, c.last_activity_at, c.created_at, %s as last_message,
				array(select t.tag_id from conversation_tags t where t.conversation_id = c.id order by t.tag_id) as tag_ids,
				c.assignee_id,
				(select concat_ws(' ', u.first_name, u.last_name) from users u where u.id = c.assignee_id) as assignee_name"""
			.formatted(lastMessage);
	}

	static ConversationRow map(ResultSet rs, int row) throws SQLException {
		return new ConversationRow(rs.getObject("id", UUID.class), rs.getObject("workspace_id", UUID.class),
				rs.getObject("channel_id", UUID.class), rs.getString("source"), rs.getObject("contact_id", UUID.class),
				rs.getString("source_contact_id"), rs.getString("display_name"), rs.getString("first_name"),
				rs.getString("last_name"), rs.getString("avatar_url"), rs.getString("state"), rs.getInt("unread_count"),
				rs.getString("metadata"), rs.getObject("last_message_id", UUID.class),
				rs.getTimestamp("last_activity_at").toInstant(), rs.getTimestamp("created_at").toInstant(),
				rs.getString("last_message"), List.of((UUID[]) rs.getArray("tag_ids").getArray()),
				rs.getObject("assignee_id", UUID.class), rs.getString("assignee_name"));
	}

}

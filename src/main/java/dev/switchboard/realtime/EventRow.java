package dev.switchboard.realtime;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;

/**
 * A positioned event, as read.
 *
 * @param position its place in the log: the event id clients see
 * @param type the event type
 * @param workspaceId the workspace whose members see it
 * @param conversationId the conversation it concerns, or {@code null}
 * @param channelId the channel it concerns, or {@code null}
 * @param payload the payload as JSON text
 * @param createdAt when it was written
 */
record EventRow(long position, String type, UUID workspaceId, UUID conversationId, UUID channelId, String payload,
		Instant createdAt) {

	static final String COLUMNS = "position, type, workspace_id, conversation_id, channel_id, payload::text as payload, created_at";

	static EventRow map(ResultSet rs, int row) throws SQLException {
		return new EventRow(rs.getLong("position"), rs.getString("type"), rs.getObject("workspace_id", UUID.class),
				rs.getObject("conversation_id", UUID.class), rs.getObject("channel_id", UUID.class),
				rs.getString("payload"), rs.getTimestamp("created_at").toInstant());
	}

}

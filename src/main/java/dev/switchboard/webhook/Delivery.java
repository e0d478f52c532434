package dev.switchboard.webhook;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

/**
 * One event's delivery to one subscription, as {@code webhooks.deliveries} shows it.
 *
 * @param id its id
 * @param eventId the event's id, as on {@code /events} and in {@code webhook-id}
 * @param type the event type
 * @param status {@code PENDING}, {@code DELIVERED} or {@code FAILED}
 * @param attempts attempts made so far
 * @param lastStatusCode the HTTP status of the last attempt, if it got an answer
 * @param lastError why the last attempt failed, if it did
 * @param nextAttemptAt when it is attempted next, while pending
 * @param deliveredAt when a receiver accepted it
 */
record Delivery(UUID id, long eventId, String type, String status, int attempts, Integer lastStatusCode,
		String lastError, Instant nextAttemptAt, Instant deliveredAt) {

	static final String PENDING = "PENDING";

	static final String DELIVERED = "DELIVERED";

	static final String FAILED = "FAILED";

	static final String COLUMNS = "id, event_id, type, status, attempts, last_status_code, last_error,"
			+ " next_attempt_at, delivered_at";

	static Delivery map(ResultSet rs, int row) throws SQLException {
		return new Delivery(rs.getObject("id", UUID.class), rs.getLong("event_id"), rs.getString("type"),
				rs.getString("status"), rs.getInt("attempts"), rs.getObject("last_status_code", Integer.class),
				rs.getString("last_error"), instant(rs.getTimestamp("next_attempt_at")),
				instant(rs.getTimestamp("delivered_at")));
	}

	private static Instant instant(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

}

package dev.switchboard.message;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The interactions of messages: every receipt, read, click and reaction a platform
 * reports, kept as a row in the order recorded, where a message's metadata keeps only the
 * latest.
 */
@Component
class Interactions {

	private final JdbcClient jdbc;

	private final JsonMapper json;

	Interactions(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	/**
	 * Appends an interaction to a message.
	 * @param type {@code delivered}, {@code read}, {@code clicked} or {@code reaction}
	 * @param detail what the platform said about it (a reaction's emoji), or {@code null}
	 */
	void record(UUID messageId, String type, JsonNode detail, Instant at) {
		this.jdbc.sql("""
				insert into message_interactions (id, workspace_id, message_id, type, detail, created_at)
				select :id, workspace_id, id, :type, cast(:detail as jsonb), :at from messages where id = :message""")
			.param("id", UUID.randomUUID())
			.param("type", type)
			.param("detail", (detail != null) ? detail.toString() : null)
			.param("at", Timestamp.from(at))
			.param("message", messageId)
			.update();
	}

	/**
	 * A message's interactions, in order.
	 */
	List<Interaction> of(UUID messageId) {
		return this.jdbc.sql("""
				select id, message_id, type, detail::text as detail, created_at from message_interactions
				where message_id = :message order by seq""")
			.param("message", messageId)
			.query((rs, row) -> new Interaction(rs.getObject("id", UUID.class), rs.getObject("message_id", UUID.class),
					rs.getString("type"),
					(rs.getString("detail") != null) ? this.json.readTree(rs.getString("detail")) : null,
					rs.getTimestamp("created_at").toInstant()))
			.list();
	}

}

package dev.switchboard.realtime;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.switchboard.common.security.Member;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads the event log and gives events their positions.
 */
@Repository
class EventStore {

	static final String CHANNEL = "switchboard_events";

	private static final int SEQUENCE_BATCH = 5000;

	private final JdbcClient jdbc;

	EventStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Positions the events that can no longer be overtaken: those whose transaction is
	 * older than every transaction still in flight. Positions continue densely from the
	 * highest so far, in transaction order; one instance at a time does this (the others
	 * skip), and a {@code NOTIFY} wakes every instance's relay when it did anything.
	 * @return how many events were positioned (0 when another instance holds the lock)
	 */
	@Transactional
	int sequence() {
		Boolean locked = this.jdbc.sql("select pg_try_advisory_xact_lock(4, 0)").query(Boolean.class).single();
		if (!Boolean.TRUE.equals(locked)) {
			return 0;
		}
		int positioned = this.jdbc.sql("""
				with ready as (
				    select id, row_number() over (order by xid, id) as n from events
				    where position is null and xid < pg_snapshot_xmin(pg_current_snapshot())
				    order by xid, id limit :batch),
				last as (select last_position from event_log_state)
				update events e set position = last.last_position + ready.n from ready, last where e.id = ready.id""")
			.param("batch", SEQUENCE_BATCH)
			.update();
		if (positioned > 0) {
			this.jdbc.sql("update event_log_state set last_position = last_position + :n")
				.param("n", positioned)
				.update();
			this.jdbc.sql("select pg_notify(:channel, '')").param("channel", CHANNEL).query((rs, row) -> null).list();
		}
		return positioned;
	}

	/**
	 * The events after a position, for the relay (every workspace).
	 */
	List<EventRow> after(long position, int limit) {
		return this.jdbc
			.sql("select " + EventRow.COLUMNS
					+ " from events where position > :position order by position limit :limit")
			.param("position", position)
			.param("limit", limit)
			.query(EventRow::map)
			.list();
	}

	/**
	 * The events of the member's workspace after a position that the member sees.
	 */
	List<EventRow> after(Member member, long position, int limit) {
		return this.jdbc
			.sql("select " + EventRow.COLUMNS + " from events where workspace_id = :workspace and position > :position"
					+ visible(member) + " order by position limit :limit")
			.params(visibility(member))
			.param("position", position)
			.param("limit", limit)
			.query(EventRow::map)
			.list();
	}

	/**
	 * How many events of the member's workspace that the member sees are kept, and how
	 * many of them come after a position.
	 */
	long[] count(Member member, long after) {
		return this.jdbc.sql("""
				select count(*), count(*) filter (where position > :position) from events
				where workspace_id = :workspace and position is not null\s""" + visible(member))
			.params(visibility(member))
			.param("position", after)
			.query((rs, row) -> new long[] { rs.getLong(1), rs.getLong(2) })
			.single();
	}

	/**
	 * The division of a channel, or {@code null} for none (or an unknown channel).
	 */
	UUID division(UUID channelId) {
		List<UUID> found = this.jdbc.sql("select division_id from channels where id = :id")
			.param("id", channelId)
			.query((rs, row) -> rs.getObject(1, UUID.class))
			.list();
		return found.isEmpty() ? null : found.get(0);
	}

	// events of a conversation follow the conversation's visibility: an agent sees those
	// of channels without a division or of their divisions
	private static String visible(Member member) {
		return member.seesEverything() ? ""
				: " and (conversation_id is null or channel_id in (select ch.id from channels ch"
						+ " where ch.workspace_id = :workspace"
						+ " and (ch.division_id is null or ch.division_id = any(cast(:divisions as uuid[])))))";
	}

	private static Map<String, Object> visibility(Member member) {
		Set<UUID> divisions = member.divisionIds();
		return Map.of("workspace", member.workspaceId(), "divisions",
				divisions.stream().map(UUID::toString).toArray(String[]::new));
	}

	long lastPosition() {
		return this.jdbc.sql("select last_position from event_log_state").query(Long.class).single();
	}

	int prune(Instant before) {
		return this.jdbc.sql("delete from events where created_at < :before and position is not null")
			.param("before", Timestamp.from(before))
			.update();
	}

}

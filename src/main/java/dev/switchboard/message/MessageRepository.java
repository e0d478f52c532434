package dev.switchboard.message;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Locale;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Repository;

/**
 * SQL for messages, their delivery jobs (the outbox) and idempotency keys.
 */
@Repository
class MessageRepository {

	private final JdbcClient jdbc;

	MessageRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Optional<MessageRow> find(UUID id) {
		return this.jdbc.sql("select " + MessageRow.COLUMNS + " from messages m where m.id = :id")
			.param("id", id)
			.query(MessageRow::map)
			.optional();
	}

	/**
	 * A message of a workspace.
	 */
	Optional<MessageRow> find(UUID workspaceId, UUID id) {
		return this.jdbc
			.sql("select " + MessageRow.COLUMNS + " from messages m where m.id = :id and m.workspace_id = :workspace")
			.param("id", id)
			.param("workspace", workspaceId)
			.query(MessageRow::map)
			.optional();
	}

	List<MessageRow> findAll(Collection<UUID> ids) {
		if (ids.isEmpty()) {
			return List.of();
		}
		return this.jdbc.sql("select " + MessageRow.COLUMNS + " from messages m where m.id = any(:ids)")
			.param("ids", ids.toArray(UUID[]::new))
			.query(MessageRow::map)
			.list();
	}

	/**
	 * Up to {@code limit} messages of a conversation after (or, {@code before}, ahead of)
	 * a position in the (sent_at, id) order, ascending or descending.
	 */
	List<MessageRow> page(UUID conversationId, Instant sentAt, UUID id, boolean ascending, int limit) {
		String after = ascending ? ">" : "<";
		String order = ascending ? "asc" : "desc";
		return this.jdbc
			.sql("select " + MessageRow.COLUMNS + " from messages m where m.conversation_id = :conversation"
					+ ((sentAt != null) ? " and (m.sent_at, m.id) " + after + " (:sentAt, :id)" : "")
					+ " order by m.sent_at " + order + ", m.id " + order + " limit :limit")
			.param("conversation", conversationId)
			.param("sentAt", (sentAt != null) ? Timestamp.from(sentAt) : null)
			.param("id", id)
			.param("limit", limit)
			.query(MessageRow::map)
			.list();
	}

	/**
	 * The status of a message as the Channels API names it: {@code accepted} (pending,
	 * not tried), {@code processing} (being tried or retried), {@code sent} (the platform
	 * took it), {@code delivered}, {@code read}, {@code sending_failed}; a contact's
	 * message is {@code delivered}. Needs {@code messages m left join delivery_jobs j}.
	 */
	static final String CHANNEL_STATUS = """
			(case when m.sender_type = 'source_contact' then 'delivered'
			     when m.delivery_state = 'FAILED' then 'sending_failed'
			     when m.delivery_state = 'PENDING' then
			         (case when coalesce(j.attempts, 0) > 0 then 'processing' else 'accepted' end)
			     when m.metadata #> '{source,read_at}' is not null then 'read'
			     when m.metadata #> '{source,delivered_at}' is not null then 'delivered'
			     else 'sent' end)""";

	private static final String CHANNEL_SELECT = "select " + MessageRow.COLUMNS
			+ ", m.updated_at, c.source_contact_id, " + CHANNEL_STATUS + " as channel_status"
			+ " from messages m join conversations c on c.id = m.conversation_id"
			+ " left join delivery_jobs j on j.message_id = m.id"
			+ " where m.workspace_id = :workspace and m.channel_id = :channel";

	/**
	 * Up to {@code limit} messages of a channel, newest first, from after a position in
	 * that order.
	 */
	List<ChannelRow> channelPage(UUID workspaceId, UUID channelId, ChannelQuery query, Instant sentAt, UUID id,
			int limit) {
		StringBuilder sql = new StringBuilder(CHANNEL_SELECT);
		if ("incoming".equals(query.direction())) {
			sql.append(" and m.sender_type = 'source_contact'");
		}
		else if ("outgoing".equals(query.direction())) {
			sql.append(" and m.sender_type <> 'source_contact'");
		}
		if (query.status() != null) {
			sql.append(" and ").append(CHANNEL_STATUS).append(" = :status");
		}
		if (query.startAt() != null) {
			sql.append(" and m.sent_at >= :startAt");
		}
		if (query.endAt() != null) {
			sql.append(" and m.sent_at < :endAt");
		}
		if (sentAt != null) {
			sql.append(" and (m.sent_at, m.id) < (:sentAt, :id)");
		}
		sql.append(" order by m.sent_at desc, m.id desc limit :limit");
		return this.jdbc.sql(sql.toString())
			.param("workspace", workspaceId)
			.param("channel", channelId)
			.param("status", query.status())
			.param("startAt", (query.startAt() != null) ? Timestamp.from(query.startAt()) : null)
			.param("endAt", (query.endAt() != null) ? Timestamp.from(query.endAt()) : null)
			.param("sentAt", (sentAt != null) ? Timestamp.from(sentAt) : null)
			.param("id", id)
			.param("limit", limit)
			.query(ChannelRow::map)
			.list();
	}

	/**
	 * A message of a channel of the workspace, with its Channels API status.
	 */
	Optional<ChannelRow> findOnChannel(UUID workspaceId, UUID channelId, UUID id) {
		return this.jdbc.sql(CHANNEL_SELECT + " and m.id = :id")
			.param("workspace", workspaceId)
			.param("channel", channelId)
			.param("id", id)
			.query(ChannelRow::map)
			.optional();
	}

	/**
	 * Whether a message sent through this API to the conversation's contact is still on
	 * its way.
	 */
	boolean sendInFlight(UUID conversationId) {
		return this.jdbc.sql("""
				select exists (select 1 from messages where conversation_id = :conversation
				    and sender_type = 'app_user' and delivery_state = 'PENDING')""")
			.param("conversation", conversationId)
			.query(Boolean.class)
			.single();
	}

	long count(UUID conversationId) {
		return this.jdbc.sql("select count(*) from messages where conversation_id = :conversation")
			.param("conversation", conversationId)
			.query(Long.class)
			.single();
	}

	/**
	 * Inserts a message unless one with the same platform id exists on the channel.
	 * @return whether it was inserted
	 */
	boolean insert(MessageRow row, Instant now) {
		return this.jdbc.sql("""
				insert into messages (id, workspace_id, conversation_id, channel_id, source, sender_type, sender_id,
				    sender_name, content, source_content, delivery_state, metadata, source_message_id, sent_at,
				    updated_at)
				values (:id, :workspace, :conversation, :channel, :source, :senderType, :senderId, :senderName,
				    cast(:content as jsonb), cast(:sourceContent as jsonb), :state, cast(:metadata as jsonb),
				    :sourceMessageId, :sentAt, :now)
				on conflict (channel_id, source_message_id) where source_message_id is not null do nothing""")
			.param("id", row.id())
			.param("workspace", row.workspaceId())
			.param("conversation", row.conversationId())
			.param("channel", row.channelId())
			.param("source", row.source())
			.param("senderType", row.senderType())
			.param("senderId", row.senderId())
			.param("senderName", row.senderName())
			.param("content", row.content())
			.param("sourceContent", row.sourceContent())
			.param("state", row.deliveryState())
			.param("metadata", row.metadata())
			.param("sourceMessageId", row.sourceMessageId())
			.param("sentAt", Timestamp.from(row.sentAt()))
			.param("now", Timestamp.from(now))
			.update() == 1;
	}

	/**
	 * Inserts messages in one statement whatever their number, leaving out those whose
	 * platform id the channel already has.
	 * @return the ids of the messages inserted
	 */
	Set<UUID> insertAll(List<MessageRow> rows, Instant now) {
		int size = rows.size();
		String[][] columns = new String[14][size];
		for (int i = 0; i < size; i++) {
			MessageRow row = rows.get(i);
			String[] values = { row.id().toString(), row.workspaceId().toString(), row.conversationId().toString(),
					row.channelId().toString(), row.source(), row.senderType(), row.senderId(), row.senderName(),
					row.content(), row.sourceContent(), row.deliveryState(), row.metadata(), row.sourceMessageId(),
					row.sentAt().toString() };
			for (int column = 0; column < values.length; column++) {
				columns[column][i] = values[column];
			}
		}
		return Set.copyOf(this.jdbc.sql("""
				insert into messages (id, workspace_id, conversation_id, channel_id, source, sender_type, sender_id,
				    sender_name, content, source_content, delivery_state, metadata, source_message_id, sent_at,
				    updated_at)
				select r.id, r.workspace_id, r.conversation_id, r.channel_id, r.source, r.sender_type, r.sender_id,
				    r.sender_name, cast(r.content as jsonb), cast(r.source_content as jsonb), r.delivery_state,
				    cast(r.metadata as jsonb), r.source_message_id, r.sent_at, :now
				from unnest(cast(:ids as uuid[]), cast(:workspaces as uuid[]), cast(:conversations as uuid[]),
				    cast(:channels as uuid[]), cast(:sources as text[]), cast(:senderTypes as text[]),
				    cast(:senderIds as text[]), cast(:senderNames as text[]), cast(:contents as text[]),
				    cast(:sourceContents as text[]), cast(:states as text[]), cast(:metadata as text[]),
				    cast(:sourceMessageIds as text[]), cast(:sentAt as timestamptz[]))
				    with ordinality as r(id, workspace_id, conversation_id, channel_id, source, sender_type, sender_id,
				        sender_name, content, source_content, delivery_state, metadata, source_message_id, sent_at,
				        position)
				order by r.position
				on conflict (channel_id, source_message_id) where source_message_id is not null do nothing
				returning id""")
			.param("ids", columns[0])
			.param("workspaces", columns[1])
			.param("conversations", columns[2])
			.param("channels", columns[3])
			.param("sources", columns[4])
			.param("senderTypes", columns[5])
			.param("senderIds", columns[6])
			.param("senderNames", columns[7])
			.param("contents", columns[8])
			.param("sourceContents", columns[9])
			.param("states", columns[10])
			.param("metadata", columns[11])
			.param("sourceMessageIds", columns[12])
			.param("sentAt", columns[13])
			.param("now", Timestamp.from(now))
			.query(UUID.class)
			.list());
	}

	void markDelivered(UUID id, String sourceMessageId, Instant now) {
		this.jdbc.sql("""
				update messages set delivery_state = 'DELIVERED',
				    source_message_id = coalesce(:sourceId, source_message_id),
				    metadata = case when cast(:sourceId as text) is null then metadata - 'error' #- '{source,error}'
				        else jsonb_set_deep(metadata - 'error' #- '{source,error}', '{source,id}',
				            to_jsonb(cast(:sourceId as text))) end,
				    updated_at = :now
				where id = :id""")
			.param("sourceId", sourceMessageId)
			.param("now", Timestamp.from(now))
			.param("id", id)
			.update();
	}

	void markFailed(UUID id, String error, String sourceErrorJson, Instant now) {
		this.jdbc.sql("""
				update messages set delivery_state = 'FAILED',
				    metadata = case when cast(:sourceError as text) is null
				        then jsonb_set_deep(metadata, '{error}', to_jsonb(cast(:error as text)))
				        else jsonb_set_deep(jsonb_set_deep(metadata, '{error}', to_jsonb(cast(:error as text))),
				            '{source,error}', cast(:sourceError as jsonb)) end,
				    updated_at = :now
				where id = :id""")
			.param("error", error)
			.param("sourceError", sourceErrorJson)
			.param("now", Timestamp.from(now))
			.param("id", id)
			.update();
	}

	/**
	 * Puts a failed message back to pending; nothing happens unless it is failed.
	 */
	boolean markPendingIfFailed(UUID id, Instant now) {
		return this.jdbc.sql("""
				update messages set delivery_state = 'PENDING', metadata = metadata - 'error' #- '{source,error}',
				    updated_at = :now
				where id = :id and delivery_state = 'FAILED'""")
			.param("now", Timestamp.from(now))
			.param("id", id)
			.update() == 1;
	}

	/**
	 * The conversations of the messages with these platform ids, in one statement
	 * whatever their number.
	 * @param channelIds the channel of each message
	 * @param sourceMessageIds the platform's id of each message, in the same order
	 */
	Set<UUID> conversationIds(List<UUID> channelIds, List<String> sourceMessageIds) {
		return Set.copyOf(this.jdbc.sql("""
				select distinct m.conversation_id from messages m
				join unnest(cast(:channels as uuid[]), cast(:sourceIds as text[])) as k(channel_id, source_message_id)
				    on m.channel_id = k.channel_id and m.source_message_id = k.source_message_id""")
			.param("channels", channelIds.stream().map(UUID::toString).toArray(String[]::new))
			.param("sourceIds", sourceMessageIds.toArray(String[]::new))
			.query(UUID.class)
			.list());
	}

	Optional<MessageRow> findBySourceId(UUID channelId, String sourceMessageId) {
		return this.jdbc
			.sql("select " + MessageRow.COLUMNS
					+ " from messages m where m.channel_id = :channel and m.source_message_id = :sourceId")
			.param("channel", channelId)
			.param("sourceId", sourceMessageId)
			.query(MessageRow::map)
			.optional();
	}

	/**
	 * Applies a platform's report unless the message is already as far or further along,
	 * so reports out of order or twice change nothing.
	 * @return the message, when the report changed it
	 */
	Optional<UUID> report(UUID channelId, String sourceMessageId, DeliveryReport report, Instant now) {
		String metadata = switch (report.status()) {
			case SENT -> "jsonb_set_deep(metadata, '{source,status}', to_jsonb(cast(:status as text)))";
			case DELIVERED ->
				"jsonb_set_deep(jsonb_set_deep(metadata, '{source,status}', to_jsonb(cast(:status as text))),"
						+ " '{source,delivered_at}', to_jsonb(cast(:at as text)))";
			case READ -> "jsonb_set_deep(jsonb_set_deep(jsonb_set_deep(metadata, '{source,status}',"
					+ " to_jsonb(cast(:status as text))), '{source,delivered_at}',"
					+ " coalesce(metadata #> '{source,delivered_at}', to_jsonb(cast(:at as text)))),"
					+ " '{source,read_at}', to_jsonb(cast(:at as text)))";
			case FAILED -> "jsonb_set_deep(jsonb_set_deep(jsonb_set_deep(metadata, '{source,status}',"
					+ " to_jsonb(cast(:status as text))), '{error}', to_jsonb(cast(:error as text))),"
					+ " '{source,error}', coalesce(cast(:sourceError as jsonb), 'null'::jsonb))";
		};
		return this.jdbc
			.sql("update messages set metadata = " + metadata
					+ ", delivery_state = case when :status = 'failed' then 'FAILED' else 'DELIVERED' end,"
					+ " updated_at = :now where channel_id = :channel and source_message_id = :sourceId and " + RANK
					+ " < :rank and not (:status = 'failed' and " + RANK + " >= 2) returning id")
			.param("status", report.status().name().toLowerCase(Locale.ROOT))
			.param("at", MessageViews.timestamp(report.at()))
			.param("error", report.error())
			.param("sourceError", (report.sourceError() != null) ? report.sourceError().toString() : null)
			.param("now", Timestamp.from(now))
			.param("channel", channelId)
			.param("sourceId", sourceMessageId)
			.param("rank", report.status().ordinal() + 1)
			.query(UUID.class)
			.optional();
	}

	/**
	 * Sets {@code metadata.source.delivered_at} (or {@code read_at}) on the business's
	 * messages of a conversation sent up to a watermark that lack it.
	 * @return the messages changed
	 */
	List<UUID> receiptUpTo(UUID conversationId, Instant watermark, boolean read, Instant now) {
		String metadata = read
				? "jsonb_set_deep(jsonb_set_deep(metadata, '{source,delivered_at}',"
						+ " coalesce(metadata #> '{source,delivered_at}', to_jsonb(cast(:at as text)))),"
						+ " '{source,read_at}', to_jsonb(cast(:at as text)))"
				: "jsonb_set_deep(metadata, '{source,delivered_at}', to_jsonb(cast(:at as text)))";
		String missing = read ? "metadata #> '{source,read_at}' is null"
				: "metadata #> '{source,delivered_at}' is null";
		return this.jdbc
			.sql("update messages set metadata = " + metadata + ", updated_at = :now"
					+ " where conversation_id = :conversation and sender_type <> 'source_contact'"
					+ " and sent_at <= :watermark and " + missing + " returning id")
			.param("at", MessageViews.timestamp(watermark))
			.param("now", Timestamp.from(now))
			.param("conversation", conversationId)
			.param("watermark", Timestamp.from(watermark))
			.query(UUID.class)
			.list();
	}

	Optional<UUID> setMetadata(UUID channelId, String sourceMessageId, List<String> path, String valueJson,
			Instant now) {
		return this.jdbc.sql("""
				update messages set metadata = jsonb_set_deep(metadata, :path, cast(:value as jsonb)), updated_at = :now
				where channel_id = :channel and source_message_id = :sourceId returning id""")
			.param("path", path.toArray(String[]::new))
			.param("value", valueJson)
			.param("now", Timestamp.from(now))
			.param("channel", channelId)
			.param("sourceId", sourceMessageId)
			.query(UUID.class)
			.optional();
	}

	/** How far a message has come by its reported status. */
	private static final String RANK = "(case metadata #>> '{source,status}' when 'sent' then 1"
			+ " when 'delivered' then 2 when 'read' then 3 when 'failed' then 4 else 0 end)";

	void insertJob(UUID workspaceId, UUID messageId, Instant now) {
		this.jdbc.sql("""
				insert into delivery_jobs (message_id, workspace_id, next_attempt_at, created_at)
				values (:id, :workspace, :now, :now)
				on conflict (message_id) do update set attempts = 0, next_attempt_at = :now, last_error = null""")
			.param("id", messageId)
			.param("workspace", workspaceId)
			.param("now", Timestamp.from(now))
			.update();
	}

	/**
	 * Claims due jobs: each is pushed out by the lease, so no other worker takes it while
	 * this one sends, and one whose worker died is taken again after the lease.
	 * {@code SKIP LOCKED} lets workers on several instances claim side by side.
	 */
	List<ClaimedJob> claimDue(int limit, Duration lease, Instant now) {
		return this.jdbc.sql("""
				update delivery_jobs j set next_attempt_at = :leaseEnd, attempts = j.attempts + 1
				from (select message_id from delivery_jobs where next_attempt_at <= :now
				      order by next_attempt_at limit :limit for update skip locked) due
				where j.message_id = due.message_id
				returning j.message_id, j.attempts""")
			.param("leaseEnd", Timestamp.from(now.plus(lease)))
			.param("now", Timestamp.from(now))
			.param("limit", limit)
			.query((rs, row) -> new ClaimedJob(rs.getObject(1, UUID.class), rs.getInt(2)))
			.list();
	}

	void rescheduleJob(UUID messageId, Instant at, String error) {
		this.jdbc.sql("update delivery_jobs set next_attempt_at = :at, last_error = :error where message_id = :id")
			.param("at", Timestamp.from(at))
			.param("error", error)
			.param("id", messageId)
			.update();
	}

	/**
	 * Gives a claimed job back unsent until the given time, without counting the claim as
	 * an attempt.
	 */
	void deferJob(UUID messageId, Instant at) {
		this.jdbc.sql("""
				update delivery_jobs set next_attempt_at = :at, attempts = greatest(attempts - 1, 0)
				where message_id = :id""").param("at", Timestamp.from(at)).param("id", messageId).update();
	}

	void deleteJob(UUID messageId) {
		this.jdbc.sql("delete from delivery_jobs where message_id = :id").param("id", messageId).update();
	}

	/**
	 * Claims an idempotency key for a new message, or finds the message that holds it. A
	 * key older than {@code expiry} is taken over. A concurrent claim of the same key
	 * waits for the first to commit and then finds its message.
	 * @return the message holding the key (the new one when the claim succeeded)
	 */
	UUID claimIdempotencyKey(UUID workspaceId, UUID userId, String key, UUID messageId, Duration expiry, Instant now) {
		Optional<UUID> claimed = this.jdbc.sql("""
				insert into message_idempotency_keys (workspace_id, user_id, key, message_id, created_at)
				values (:workspace, :user, :key, :message, :now)
				on conflict (workspace_id, user_id, key) do update set message_id = excluded.message_id,
				    created_at = excluded.created_at
				    where message_idempotency_keys.created_at <= :expired
				returning message_id""")
			.param("workspace", workspaceId)
			.param("user", userId)
			.param("key", key)
			.param("message", messageId)
			.param("now", Timestamp.from(now))
			.param("expired", Timestamp.from(now.minus(expiry)))
			.query(UUID.class)
			.optional();
		return claimed.orElseGet(() -> this.jdbc.sql("""
				select message_id from message_idempotency_keys
				where workspace_id = :workspace and user_id = :user and key = :key""")
			.param("workspace", workspaceId)
			.param("user", userId)
			.param("key", key)
			.query(UUID.class)
			.single());
	}

	/**
	 * Forgets idempotency keys past their window: they no longer hold a message.
	 */
	@Scheduled(fixedDelay = 1, timeUnit = TimeUnit.HOURS)
	void pruneIdempotencyKeys() {
		this.jdbc.sql("delete from message_idempotency_keys where created_at < now() - interval '25 hours'").update();
	}

	/**
	 * A message row with what the Channels API shows besides.
	 *
	 * @param row the message
	 * @param status its Channels API status
	 * @param recipientId the contact's platform id
	 * @param updatedAt when it last changed
	 */
	record ChannelRow(MessageRow row, String status, String recipientId, Instant updatedAt) {

		static ChannelRow map(ResultSet rs, int n) throws SQLException {
			return new ChannelRow(MessageRow.map(rs, n), rs.getString("channel_status"),
					rs.getString("source_contact_id"), rs.getTimestamp("updated_at").toInstant());
		}

	}

	/**
	 * A job claimed for delivery.
	 *
	 * @param messageId the message
	 * @param attempt the number of this attempt (1 for the first)
	 */
	record ClaimedJob(UUID messageId, int attempt) {

	}

	/**
	 * Deletes the delivery jobs of the given messages in one statement.
	 */
	void deleteJobs(Collection<UUID> messageIds) {
		if (messageIds.isEmpty()) {
			return;
		}
		this.jdbc.sql("delete from delivery_jobs where message_id = any(:ids)")
			.param("ids", messageIds.toArray(UUID[]::new))
			.update();
	}

}

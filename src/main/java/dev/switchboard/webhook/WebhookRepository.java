package dev.switchboard.webhook;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Subscriptions, their deliveries and the dispatcher's place in the event log. Every
 * query a member's request leads to names the member's workspace.
 */
@Repository
class WebhookRepository {

	private static final String SUBSCRIPTION_COLUMNS = "id, workspace_id, url, events, headers::text as headers,"
			+ " status, created_at, updated_at";

	private static final TypeReference<Map<String, String>> HEADERS = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	private final JdbcTemplate template;

	private final JsonMapper json;

	WebhookRepository(JdbcClient jdbc, JdbcTemplate template, JsonMapper json) {
		this.jdbc = jdbc;
		this.template = template;
		this.json = json;
	}

	// subscriptions

	void insert(Subscription subscription, byte[] sealedSecret, long startPosition) {
		this.jdbc.sql("""
				insert into webhook_subscriptions
				    (id, workspace_id, url, events, headers, status, secret, start_position, created_at, updated_at)
				values (:id, :workspace, :url, :events, cast(:headers as jsonb), :status, :secret, :start, :created,
				        :updated)""")
			.param("id", subscription.id())
			.param("workspace", subscription.workspaceId())
			.param("url", subscription.url())
			.param("events", subscription.events().toArray(String[]::new))
			.param("headers", this.json.writeValueAsString(subscription.headers()))
			.param("status", subscription.status())
			.param("secret", sealedSecret)
			.param("start", startPosition)
			.param("created", Timestamp.from(subscription.createdAt()))
			.param("updated", Timestamp.from(subscription.updatedAt()))
			.update();
	}

	Optional<Subscription> find(UUID workspaceId, UUID id) {
		return this.jdbc
			.sql("select " + SUBSCRIPTION_COLUMNS
					+ " from webhook_subscriptions where workspace_id = :workspace and id = :id")
			.param("workspace", workspaceId)
			.param("id", id)
			.query(this::subscription)
			.optional();
	}

	/**
	 * A subscription, locked until the transaction ends.
	 */
	Optional<Subscription> lock(UUID workspaceId, UUID id) {
		return this.jdbc
			.sql("select " + SUBSCRIPTION_COLUMNS
					+ " from webhook_subscriptions where workspace_id = :workspace and id = :id for update")
			.param("workspace", workspaceId)
			.param("id", id)
			.query(this::subscription)
			.optional();
	}

	List<Subscription> list(UUID workspaceId) {
		return this.jdbc
			.sql("select " + SUBSCRIPTION_COLUMNS
					+ " from webhook_subscriptions where workspace_id = :workspace order by created_at, id")
			.param("workspace", workspaceId)
			.query(this::subscription)
			.list();
	}

	int count(UUID workspaceId) {
		return this.jdbc.sql("select count(*) from webhook_subscriptions where workspace_id = :workspace")
			.param("workspace", workspaceId)
			.query(Integer.class)
			.single();
	}

	/**
	 * Saves what a member may change; a subscription enabled again starts a new window of
	 * failures.
	 */
	void update(Subscription subscription) {
		this.jdbc.sql("""
				update webhook_subscriptions set url = :url, events = :events, headers = cast(:headers as jsonb),
				    status = :status, updated_at = :updated,
				    failing_since = case when :status = 'Subscribed' and status <> 'Subscribed' then null
				                         else failing_since end
				where workspace_id = :workspace and id = :id""")
			.param("url", subscription.url())
			.param("events", subscription.events().toArray(String[]::new))
			.param("headers", this.json.writeValueAsString(subscription.headers()))
			.param("status", subscription.status())
			.param("updated", Timestamp.from(subscription.updatedAt()))
			.param("workspace", subscription.workspaceId())
			.param("id", subscription.id())
			.update();
	}

	void updateSecret(UUID workspaceId, UUID id, byte[] sealedSecret, Instant now) {
		this.jdbc
			.sql("update webhook_subscriptions set secret = :secret, updated_at = :now"
					+ " where workspace_id = :workspace and id = :id")
			.param("secret", sealedSecret)
			.param("now", Timestamp.from(now))
			.param("workspace", workspaceId)
			.param("id", id)
			.update();
	}

	/**
	 * Ends the pending deliveries of a subscription that was unsubscribed.
	 */
	void failPending(UUID subscriptionId, String error) {
		this.jdbc.sql("""
				update webhook_deliveries set status = 'FAILED', last_error = :error, next_attempt_at = null,
				    leased_until = null
				where subscription_id = :subscription and status = 'PENDING'""")
			.param("error", error)
			.param("subscription", subscriptionId)
			.update();
	}

	/**
	 * The position of the last event in the log so far.
	 */
	long lastEventPosition() {
		return this.jdbc.sql("select last_position from event_log_state").query(Long.class).single();
	}

	// dispatching events to deliveries

	/**
	 * The last event position dispatched, locked until the transaction ends; empty when
	 * another instance is dispatching.
	 */
	Optional<Long> lockDispatch() {
		return this.jdbc.sql("select last_position from webhook_dispatch_state for update skip locked")
			.query(Long.class)
			.optional();
	}

	void dispatched(long position) {
		this.jdbc.sql("update webhook_dispatch_state set last_position = :position")
			.param("position", position)
			.update();
	}

	List<LoggedEvent> eventsAfter(long position, int limit) {
		return this.jdbc.sql("""
				select position, type, workspace_id, conversation_id, payload::text as payload, created_at
				from events where position > :position order by position limit :limit""")
			.param("position", position)
			.param("limit", limit)
			.query((rs, row) -> new LoggedEvent(rs.getLong("position"), rs.getString("type"),
					rs.getObject("workspace_id", UUID.class), rs.getObject("conversation_id", UUID.class),
					rs.getString("payload"), rs.getTimestamp("created_at").toInstant()))
			.list();
	}

	List<ActiveSubscription> active(Collection<UUID> workspaceIds) {
		return this.jdbc.sql("""
				select id, workspace_id, events, start_position from webhook_subscriptions
				where status = 'Subscribed' and workspace_id = any(cast(:workspaces as uuid[]))""")
			.param("workspaces", workspaceIds.stream().map(UUID::toString).toArray(String[]::new))
			.query((rs, row) -> new ActiveSubscription(rs.getObject("id", UUID.class),
					rs.getObject("workspace_id", UUID.class), Set.of(strings(rs, "events")),
					rs.getLong("start_position")))
			.list();
	}

	void insertDeliveries(List<NewDelivery> deliveries, Instant now) {
		Timestamp created = Timestamp.from(now);
		this.template.batchUpdate("""
				insert into webhook_deliveries
				    (id, subscription_id, event_id, type, conversation_id, body, status, next_attempt_at, created_at)
				values (?, ?, ?, ?, ?, ?, 'PENDING', ?, ?) on conflict do nothing""", deliveries, 500,
				(PreparedStatement statement, NewDelivery delivery) -> {
					statement.setObject(1, UUID.randomUUID());
					statement.setObject(2, delivery.subscriptionId());
					statement.setLong(3, delivery.eventId());
					statement.setString(4, delivery.type());
					statement.setObject(5, delivery.conversationId());
					statement.setString(6, delivery.body());
					statement.setTimestamp(7, created);
					statement.setTimestamp(8, created);
				});
	}

	// sending

	/**
	 * Claims due deliveries for a worker: of each active subscription, up to its free
	 * share of concurrent deliveries, and of a conversation's deliveries only the
	 * earliest pending one. Claimed rows are leased and their attempt counted.
	 */
	List<Claimed> claim(int limit, int perSubscription, Instant now, Instant leaseEnd) {
		return this.jdbc.sql("""
				with slots as (
				    select s.id, :per - (select count(*) from webhook_deliveries f
				                         where f.subscription_id = s.id and f.status = 'PENDING'
				                           and f.leased_until > :now) as free
				    from webhook_subscriptions s where s.status = 'Subscribed'),
				picked as (
				    select d.id from slots cross join lateral (
				        select d.id from webhook_deliveries d
				        where d.subscription_id = slots.id and d.status = 'PENDING' and d.next_attempt_at <= :now
				          and (d.leased_until is null or d.leased_until <= :now)
				          and (d.conversation_id is null or not exists (
				              select 1 from webhook_deliveries p
				              where p.subscription_id = d.subscription_id and p.conversation_id = d.conversation_id
				                and p.status = 'PENDING' and p.event_id < d.event_id))
				        order by d.next_attempt_at, d.event_id limit greatest(slots.free, 0)
				        for update of d skip locked) d
				    where slots.free > 0
				    limit :limit)
				update webhook_deliveries d set leased_until = :lease, attempts = d.attempts + 1
				from picked, webhook_subscriptions s
				where d.id = picked.id and s.id = d.subscription_id
				returning d.id, d.subscription_id, d.event_id, d.body, d.attempts, s.url, s.headers::text as headers,
				    s.secret""")
			.param("per", perSubscription)
			.param("now", Timestamp.from(now))
			.param("lease", Timestamp.from(leaseEnd))
			.param("limit", limit)
			.query((rs, row) -> new Claimed(rs.getObject("id", UUID.class), rs.getObject("subscription_id", UUID.class),
					rs.getLong("event_id"), rs.getString("body"), rs.getInt("attempts"), rs.getString("url"),
					this.json.readValue(rs.getString("headers"), HEADERS), rs.getBytes("secret")))
			.list();
	}

	/**
	 * Records a failed attempt, if the delivery is still the attempt's (not claimed again
	 * after its lease ran out, nor redelivered).
	 * @param status {@code PENDING} to try again, {@code FAILED} after the last attempt
	 * @param nextAttemptAt when to try again, while pending
	 * @return whether it was recorded
	 */
	boolean failedAttempt(Claimed claimed, String status, Integer statusCode, String error, Instant nextAttemptAt) {
		return this.jdbc.sql("""
				update webhook_deliveries set status = :status, last_status_code = :code, last_error = :error,
				    next_attempt_at = :next, leased_until = null
				where id = :id and status = 'PENDING' and attempts = :attempt and leased_until is not null""")
			.param("status", status)
			.param("code", statusCode)
			.param("error", error)
			.param("next", (nextAttemptAt != null) ? Timestamp.from(nextAttemptAt) : null)
			.param("id", claimed.id())
			.param("attempt", claimed.attempt())
			.update() == 1;
	}

	/**
	 * Records a successful attempt, if the delivery is still the attempt's, and ends its
	 * subscription's run of failures: one statement, as this is every delivery's path.
	 * @return whether it was recorded
	 */
	boolean delivered(Claimed claimed, int statusCode, Instant now) {
		return this.jdbc.sql("""
				with delivered as (
				    update webhook_deliveries set status = 'DELIVERED', last_status_code = :code, last_error = null,
				        next_attempt_at = null, delivered_at = :now, leased_until = null
				    where id = :id and status = 'PENDING' and attempts = :attempt and leased_until is not null
				    returning subscription_id),
				recovered as (
				    update webhook_subscriptions s set failing_since = null from delivered
				    where s.id = delivered.subscription_id and s.failing_since is not null
				    returning s.id)
				select count(*) from delivered""")
			.param("code", statusCode)
			.param("now", Timestamp.from(now))
			.param("id", claimed.id())
			.param("attempt", claimed.attempt())
			.query(Long.class)
			.single() == 1;
	}

	void failed(UUID subscriptionId, Instant now) {
		this.jdbc.sql("update webhook_subscriptions set failing_since = :now where id = :id and failing_since is null")
			.param("now", Timestamp.from(now))
			.param("id", subscriptionId)
			.update();
	}

	/**
	 * Disables a subscription whose deliveries have all failed since before a time.
	 * @return the subscription when this call disabled it
	 */
	Optional<Subscription> disableFailingSince(UUID subscriptionId, Instant before, Instant now) {
		return this.jdbc.sql("""
				update webhook_subscriptions set status = 'Disabled', updated_at = :now
				where id = :id and status = 'Subscribed' and failing_since <= :before
				returning\s""" + SUBSCRIPTION_COLUMNS)
			.param("now", Timestamp.from(now))
			.param("id", subscriptionId)
			.param("before", Timestamp.from(before))
			.query(this::subscription)
			.optional();
	}

	// the delivery log

	/**
	 * A page of a subscription's deliveries, newest event first (or, reading backward,
	 * oldest first from a position).
	 */
	List<Delivery> deliveries(UUID subscriptionId, Long fromEventId, boolean backward, int limit) {
		String where = (fromEventId == null) ? "" : backward ? " and event_id > :from" : " and event_id < :from";
		return this.jdbc
			.sql("select " + Delivery.COLUMNS + " from webhook_deliveries where subscription_id = :subscription" + where
					+ " order by event_id " + (backward ? "asc" : "desc") + " limit :limit")
			.param("subscription", subscriptionId)
			.param("from", fromEventId)
			.param("limit", limit)
			.query(Delivery::map)
			.list();
	}

	long countDeliveries(UUID subscriptionId) {
		return this.jdbc.sql("select count(*) from webhook_deliveries where subscription_id = :subscription")
			.param("subscription", subscriptionId)
			.query(Long.class)
			.single();
	}

	/**
	 * A delivery of the workspace's subscriptions, with its subscription's id.
	 */
	Optional<Map.Entry<UUID, Delivery>> findDelivery(UUID workspaceId, UUID deliveryId) {
		return this.jdbc.sql("select d.subscription_id, " + prefixed("d", Delivery.COLUMNS) + """
				 from webhook_deliveries d join webhook_subscriptions s on s.id = d.subscription_id
				where s.workspace_id = :workspace and d.id = :id""")
			.param("workspace", workspaceId)
			.param("id", deliveryId)
			.query((rs, row) -> Map.entry(rs.getObject("subscription_id", UUID.class), Delivery.map(rs, row)))
			.optional();
	}

	/**
	 * Makes a delivery pending and due now, with a fresh series of attempts, unless an
	 * attempt is in flight.
	 * @return whether it was
	 */
	boolean redeliver(UUID deliveryId, Instant now) {
		return this.jdbc.sql("""
				update webhook_deliveries set status = 'PENDING', attempts = 0, next_attempt_at = :now,
				    leased_until = null, last_error = null, last_status_code = null
				where id = :id and (leased_until is null or leased_until <= :now)""")
			.param("now", Timestamp.from(now))
			.param("id", deliveryId)
			.update() == 1;
	}

	private Subscription subscription(ResultSet rs, int row) throws SQLException {
		return new Subscription(rs.getObject("id", UUID.class), rs.getObject("workspace_id", UUID.class),
				rs.getString("url"), Arrays.asList(strings(rs, "events")),
				this.json.readValue(rs.getString("headers"), HEADERS), rs.getString("status"),
				rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
	}

	private static String[] strings(ResultSet rs, String column) throws SQLException {
		return (String[]) rs.getArray(column).getArray();
	}

	private static String prefixed(String alias, String columns) {
		return String.join(", ", Arrays.stream(columns.split(",\\s*")).map((c) -> alias + "." + c).toList());
	}

	/**
	 * An event of the log, positioned.
	 */
	record LoggedEvent(long position, String type, UUID workspaceId, UUID conversationId, String payload,
			Instant createdAt) {
	}

	record ActiveSubscription(UUID id, UUID workspaceId, Set<String> events, long startPosition) {
	}

	record NewDelivery(UUID subscriptionId, long eventId, String type, UUID conversationId, String body) {
	}

	/**
	 * A claimed delivery, with what sending it takes.
	 *
	 * @param id the delivery
	 * @param subscriptionId its subscription
	 * @param eventId the event id
	 * @param body the JSON to post
	 * @param attempt this attempt's number, from 1
	 * @param url where to post
	 * @param headers the subscription's own headers
	 * @param sealedSecret the subscription's sealed secret
	 */
	record Claimed(UUID id, UUID subscriptionId, long eventId, String body, int attempt, String url,
			Map<String, String> headers, byte[] sealedSecret) {

		@Override
		public String toString() {
			return "Claimed[" + this.id + ", attempt " + this.attempt + "]";
		}

	}

}

package dev.switchboard.webhook;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Subscriptions and their delivery log, as members manage them (the delivery path's
 * statements are the {@link DeliveryStore}'s). Every query a member's request leads to
 * names the member's workspace.
 */
@Repository
class WebhookRepository {

	private static final String SUBSCRIPTION_COLUMNS = "id, workspace_id, url, events, headers::text as headers,"
			+ " status, created_at, updated_at";

	static final TypeReference<Map<String, String>> HEADERS = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	private final JsonMapper json;

	WebhookRepository(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
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

	static String[] strings(ResultSet rs, String column) throws SQLException {
		return (String[]) rs.getArray(column).getArray();
	}

	private static String prefixed(String alias, String columns) {
		return String.join(", ", Arrays.stream(columns.split(",\\s*")).map((c) -> alias + "." + c).toList());
	}

}

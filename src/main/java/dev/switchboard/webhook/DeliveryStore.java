package dev.switchboard.webhook;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The statements of the delivery path: fanning events out to deliveries, claiming them
 * and recording their outcomes. They run on the {@link DeliveryConnections}, not on the
 * application's pool, and touch no member's data, so they name no workspace.
 */
@Repository
class DeliveryStore {

	private static final int INSERT_BATCH = 500;

	private final JdbcClient jdbc;

	private final JsonMapper json;

	DeliveryStore(DeliveryConnections connections, JsonMapper json) {
		this.jdbc = connections.jdbc();
		this.json = json;
	}

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
					rs.getObject("workspace_id", UUID.class), Set.of(WebhookRepository.strings(rs, "events")),
					rs.getLong("start_position")))
			.list();
	}

	/**
	 * Inserts the deliveries, a statement for each {@value #INSERT_BATCH} of them with
	 * their columns as arrays.
	 */
	void insertDeliveries(List<NewDelivery> deliveries, Instant now) {
		for (int from = 0; from < deliveries.size(); from += INSERT_BATCH) {
			insert(deliveries.subList(from, Math.min(deliveries.size(), from + INSERT_BATCH)), now);
		}
	}

	private void insert(List<NewDelivery> deliveries, Instant now) {
		this.jdbc.sql("""
				insert into webhook_deliveries
				    (id, subscription_id, event_id, type, conversation_id, body, status, next_attempt_at, created_at)
				select id, subscription_id, event_id, type, conversation_id, body, 'PENDING', :now, :now
				from unnest(cast(:ids as uuid[]), cast(:subscriptions as uuid[]), cast(:events as bigint[]),
				            cast(:types as text[]), cast(:conversations as uuid[]), cast(:bodies as text[]))
				    as t(id, subscription_id, event_id, type, conversation_id, body)
				on conflict do nothing""")
			.param("ids", deliveries.stream().map((delivery) -> UUID.randomUUID().toString()).toArray(String[]::new))
			.param("subscriptions",
					deliveries.stream().map((delivery) -> delivery.subscriptionId().toString()).toArray(String[]::new))
			.param("events",
					deliveries.stream().map((delivery) -> Long.toString(delivery.eventId())).toArray(String[]::new))
			.param("types", deliveries.stream().map(NewDelivery::type).toArray(String[]::new))
			.param("conversations",
					deliveries.stream()
						.map((delivery) -> Objects.toString(delivery.conversationId(), null))
						.toArray(String[]::new))
			.param("bodies", deliveries.stream().map(NewDelivery::body).toArray(String[]::new))
			.param("now", Timestamp.from(now))
			.update();
	}

	// sending

	/**
	 * Claims due deliveries for a worker: of each active subscription, up to its free
	 * share of concurrent deliveries, and of a conversation's deliveries only the
	 * earliest pending one. Claimed rows are leased and their attempt counted.
	 * <p>
	 * The attempts in flight are counted on the in-flight index, at most the share of
	 * them: ordered by their lease, which only that index gives without a sort, so the
	 * planner takes it even with statistics from when the table was nearly empty (it took
	 * the pending-by-conversation index instead and filtered every pending row of the
	 * subscription, on each claim of a backlog).
	 */
	List<Claimed> claim(int limit, int perSubscription, Instant now, Instant leaseEnd) {
		return claim("""
				select s.id, :per - (select count(*) from (
				                         select 1 from webhook_deliveries f
				                         where f.subscription_id = s.id and f.status = 'PENDING'
				                           and f.leased_until > :now
				                         order by f.leased_until limit :per) f) as free
				from webhook_subscriptions s where s.status = 'Subscribed'""", Map.of("per", perSubscription), limit,
				now, leaseEnd);
	}

	/**
	 * Claims due deliveries of the given subscriptions as {@link #claim} does, at most
	 * the given number of each: the next deliveries of senders whose attempts just ended,
	 * in the transaction that records them. Each recorded success hands its slot in the
	 * subscription's share to the next delivery, so nothing is counted: the attempts in
	 * flight stay as many as they were.
	 */
	List<Claimed> claimNext(Map<UUID, Integer> wanted, Instant now, Instant leaseEnd) {
		return claim("""
				select s.id, w.n as free
				from unnest(cast(:subscriptions as uuid[]), cast(:wanted as integer[])) as w(id, n)
				join webhook_subscriptions s on s.id = w.id where s.status = 'Subscribed'""",
				Map.of("subscriptions", wanted.keySet().stream().map(UUID::toString).toArray(String[]::new), "wanted",
						wanted.values().stream().map((n) -> Integer.toString(n)).toArray(String[]::new)),
				wanted.values().stream().mapToInt(Integer::intValue).sum(), now, leaseEnd);
	}

	/**
	 * Claims, of each subscription that {@code slots} gives with its number of free
	 * slots, its earliest due deliveries that no earlier pending one of their
	 * conversation holds back. The slots are materialised, so that each subscription's
	 * free slots are worked out once.
	 */
	private List<Claimed> claim(String slots, Map<String, Object> params, int limit, Instant now, Instant leaseEnd) {
		return this.jdbc.sql("with slots as materialized (" + slots + """
				),
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
				returning d.id, d.subscription_id, d.event_id, d.body, d.attempts, d.leased_until, s.url,
				    s.headers::text as headers, s.secret""")
			.params(params)
			.param("now", Timestamp.from(now))
			.param("lease", Timestamp.from(leaseEnd))
			.param("limit", limit)
			.query((rs, row) -> new Claimed(rs.getObject("id", UUID.class), rs.getObject("subscription_id", UUID.class),
					rs.getLong("event_id"), rs.getString("body"), rs.getInt("attempts"),
					rs.getTimestamp("leased_until").toInstant(), rs.getString("url"),
					this.json.readValue(rs.getString("headers"), WebhookRepository.HEADERS), rs.getBytes("secret")))
			.list();
	}

	/**
	 * Records a failed attempt, if the delivery is still the attempt's: still leased with
	 * the claim's attempt number and lease end (not claimed again after its lease ran
	 * out, nor redelivered, nor ended). A row is leased only while pending (a check in
	 * the table), so that needs no condition on the status, which would let the planner
	 * pick a pending index over the primary key (see {@link #delivered}).
	 * @param status {@code PENDING} to try again, {@code FAILED} after the last attempt
	 * @param nextAttemptAt when to try again, while pending
	 * @return whether it was recorded
	 */
	boolean failedAttempt(Claimed claimed, String status, Integer statusCode, String error, Instant nextAttemptAt) {
		return this.jdbc.sql("""
				update webhook_deliveries set status = :status, last_status_code = :code, last_error = :error,
				    next_attempt_at = :next, leased_until = null
				where id = :id and attempts = :attempt and leased_until = :lease""")
			.param("status", status)
			.param("code", statusCode)
			.param("error", error)
			.param("next", (nextAttemptAt != null) ? Timestamp.from(nextAttemptAt) : null)
			.param("id", claimed.id())
			.param("attempt", claimed.attempt())
			.param("lease", Timestamp.from(claimed.leasedUntil()))
			.update() == 1;
	}

	/**
	 * Records successful attempts, those whose deliveries are still the attempts' (as
	 * {@link #failedAttempt} tells), and ends their subscriptions' runs of failures: one
	 * statement for however many there are.
	 * <p>
	 * Each delivery is found by its primary key and nothing else: a condition on the
	 * status would let the planner scan a pending index instead, and with statistics from
	 * when the table was nearly empty it did, reading every pending row of a backlog for
	 * each group of successes.
	 * @return the deliveries recorded
	 */
	Set<UUID> delivered(List<Success> successes, Instant now) {
		return Set.copyOf(this.jdbc.sql("""
				with done as (
				    select * from unnest(cast(:ids as uuid[]), cast(:attempts as integer[]),
				                         cast(:leases as timestamptz[]), cast(:codes as integer[]))
				        as t(id, attempt, lease, code)),
				delivered as (
				    update webhook_deliveries d set status = 'DELIVERED', last_status_code = done.code,
				        last_error = null, next_attempt_at = null, delivered_at = :now, leased_until = null
				    from done
				    where d.id = done.id and d.attempts = done.attempt and d.leased_until = done.lease
				    returning d.id, d.subscription_id),
				recovered as (
				    update webhook_subscriptions s set failing_since = null
				    where s.id in (select subscription_id from delivered) and s.failing_since is not null
				    returning s.id)
				select id from delivered""")
			.param("ids", successes.stream().map((success) -> success.claimed().id().toString()).toArray(String[]::new))
			.param("attempts",
					successes.stream()
						.map((success) -> Integer.toString(success.claimed().attempt()))
						.toArray(String[]::new))
			.param("leases",
					successes.stream()
						.map((success) -> success.claimed().leasedUntil().toString())
						.toArray(String[]::new))
			.param("codes",
					successes.stream().map((success) -> Integer.toString(success.statusCode())).toArray(String[]::new))
			.param("now", Timestamp.from(now))
			.query(UUID.class)
			.list());
	}

	/**
	 * Starts a subscription's run of failures unless one is under way.
	 * @return when its run of failures began (empty when the subscription is gone)
	 */
	Optional<Instant> failed(UUID subscriptionId, Instant now) {
		return this.jdbc.sql("""
				with started as (
				    update webhook_subscriptions set failing_since = :now where id = :id and failing_since is null
				    returning failing_since)
				select coalesce((select failing_since from started),
				                (select failing_since from webhook_subscriptions where id = :id))""")
			.param("now", Timestamp.from(now))
			.param("id", subscriptionId)
			.query((rs, row) -> Optional.ofNullable(rs.getTimestamp(1)).map(Timestamp::toInstant))
			.single();
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
	 * A claimed delivery's attempt that a receiver accepted.
	 */
	record Success(Claimed claimed, int statusCode) {
	}

	/**
	 * A claimed delivery, with what sending it takes.
	 *
	 * @param id the delivery
	 * @param subscriptionId its subscription
	 * @param eventId the event id
	 * @param body the JSON to post
	 * @param attempt this attempt's number, from 1
	 * @param leasedUntil the lease's end, as stored: with the attempt, what tells this
	 * claim from any later one
	 * @param url where to post
	 * @param headers the subscription's own headers
	 * @param sealedSecret the subscription's sealed secret
	 */
	record Claimed(UUID id, UUID subscriptionId, long eventId, String body, int attempt, Instant leasedUntil,
			String url, Map<String, String> headers, byte[] sealedSecret) {

		@Override
		public String toString() {
			return "Claimed[" + this.id + ", attempt " + this.attempt + "]";
		}

	}

}

package dev.switchboard.source.inbox;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.common.work.GroupCommit;
import dev.switchboard.message.Inbound;
import dev.switchboard.message.InboundMessages;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores inbound webhook events and processes them. A source's controller calls
 * {@link #store} after checking the signature and answers 200 once it returns: the event
 * is committed by then. Processing runs on the {@link WebhookWorker}, in batches: the
 * events one claim takes are applied in one transaction, in the order they arrived, each
 * under a savepoint, and completed with one statement per outcome. An event that fails is
 * rolled back alone and rescheduled; when it comes back it is processed on its own, so a
 * failing event never costs its neighbours a retry. A batch that cannot commit at all (a
 * deadlock with another instance, a failure that marked the whole transaction) is
 * processed again event by event.
 */
@Component
public class WebhookInbox {

	static final int MAX_ATTEMPTS = 10;

	private static final String DONE = "DONE";

	private static final String IGNORED = "IGNORED";

	/** Writes of received events at once: each commits all that came while it ran. */
	static final int STORE_WRITERS = 2;

	/** Events claimed and applied in one transaction. */
	static final int BATCH_SIZE = 200;

	/** The advisory lock class of claimed events (see {@code AdvisoryLocks}). */
	private static final int CLAIM_LOCK_CLASS = 7;

	private static final Logger log = LoggerFactory.getLogger(WebhookInbox.class);

	private final JdbcClient jdbc;

	private final Map<String, WebhookHandler<?>> handlers;

	private final WebhookPayloads payloads;

	private final InboundMessages inbound;

	private final TransactionTemplate transaction;

	private final Clock clock;

	private final WebhookMetrics metrics;

	private final GroupCommit<Received, Long> writes;

	private volatile Runnable wakeUp = () -> {
	};

	WebhookInbox(JdbcClient jdbc, List<WebhookHandler<?>> handlers, WebhookPayloads payloads, InboundMessages inbound,
			TransactionTemplate transaction, Clock clock, WebhookMetrics metrics) {
		this.jdbc = jdbc;
		this.handlers = handlers.stream()
			.collect(Collectors.toUnmodifiableMap(WebhookHandler::source, Function.identity()));
		this.payloads = payloads;
		this.inbound = inbound;
		this.transaction = transaction;
		this.clock = clock;
		this.metrics = metrics;
		this.writes = new GroupCommit<>("webhook-store", STORE_WRITERS, BATCH_SIZE, this::storeAll);
	}

	/**
	 * Stores a raw event durably (committed when this returns) and schedules it. Events
	 * stored by concurrent requests are written together, a few writes at a time, each
	 * one statement and one commit for all it holds.
	 * @return the event's id
	 */
	public long store(String source, String contentType, byte[] body) {
		return this.writes.submit(new Received(source, contentType, body));
	}

	private List<Long> storeAll(List<Received> events) {
		int size = events.size();
		String[] sources = new String[size];
		String[] contentTypes = new String[size];
		byte[][] bodies = new byte[size][];
		for (int i = 0; i < size; i++) {
			sources[i] = events.get(i).source();
			contentTypes[i] = events.get(i).contentType();
			bodies[i] = events.get(i).body();
		}
		Instant now = this.clock.instant();
		List<Long> ids = this.transaction.execute((status) -> this.jdbc.sql("""
				insert into webhook_events (source, content_type, body, status, next_attempt_at, received_at)
				select e.source, e.content_type, e.body, 'PENDING', :now, :now
				from unnest(cast(:sources as text[]), cast(:contentTypes as text[]), cast(:bodies as bytea[]))
				    with ordinality as e(source, content_type, body, position)
				order by e.position
				returning id""")
			.param("sources", sources)
			.param("contentTypes", contentTypes)
			.param("bodies", bodies)
			.param("now", Timestamp.from(now))
			.query(Long.class)
			.list());
		this.metrics.received(size);
		this.wakeUp.run();
		return ids;
	}

	/** A raw event as a platform sent it. */
	private record Received(String source, String contentType, byte[] body) {

	}

	@PreDestroy
	void stopWriting() {
		this.writes.close();
	}

	/**
	 * Deletes processed events after a week, failed ones after a month; pending ones are
	 * never deleted.
	 */
	@Scheduled(fixedDelay = 1, timeUnit = TimeUnit.HOURS)
	void prune() {
		Instant now = this.clock.instant();
		int deleted = this.jdbc.sql("""
				delete from webhook_events
				where (status in ('DONE', 'IGNORED') and processed_at < :week)
				   or (status = 'FAILED' and processed_at < :month)""")
			.param("week", Timestamp.from(now.minus(Duration.ofDays(7))))
			.param("month", Timestamp.from(now.minus(Duration.ofDays(30))))
			.update();
		if (deleted > 0) {
			log.info("Pruned {} processed webhook events", deleted);
		}
	}

	void onStored(Runnable wakeUp) {
		this.wakeUp = wakeUp;
	}

	/**
	 * Claims the next due events and processes them, in one transaction: the claim is a
	 * lock that lasts until the batch commits, so no other worker takes them meanwhile,
	 * no row is written to claim it, and a crash releases them at once. Events on their
	 * first attempt are applied as one batch; retried ones, each on its own afterwards.
	 * @return how many events were claimed
	 */
	int processDue(int limit) {
		List<WebhookEvent> due = new ArrayList<>();
		List<WebhookEvent> alone = new ArrayList<>();
		try {
			this.transaction.executeWithoutResult((status) -> {
				due.addAll(claimDue(limit));
				List<WebhookEvent> batch = new ArrayList<>();
				due.forEach((event) -> ((event.attempt() == 1) ? batch : alone).add(event));
				applyBatch(batch);
			});
		}
		catch (RuntimeException ex) {
			if (due.isEmpty()) {
				// nothing was claimed (no connection, or the claim itself failed): the
				// worker's loop logs it and tries again
				throw ex;
			}
			if (due.size() == 1 && alone.isEmpty()) {
				// it was processed alone already
				failed(due.get(0).id(), ex);
				return 1;
			}
			log.warn("A batch of {} webhook events could not commit; processing them one by one: {}", due.size(),
					ex.toString());
			alone.clear();
			alone.addAll(due);
		}
		alone.forEach((event) -> process(event.id()));
		return due.size();
	}

	/**
	 * Claims due events with advisory locks, not row locks: a row lock would give the
	 * transaction its id before it takes its conversations' locks, and the event log
	 * orders one conversation's events by that id (docs/realtime.md, "Ordering"). The
	 * events are read again after the locks are taken, in a new snapshot, so that one
	 * another worker completed meanwhile is left out.
	 */
	List<WebhookEvent> claimDue(int limit) {
		return claim("", Map.of("limit", limit));
	}

	private List<WebhookEvent> claimOne(long id) {
		return claim(" and id = :id", Map.of("id", id, "limit", 1));
	}

	private List<WebhookEvent> claim(String condition, Map<String, Object> params) {
		String[] locked = this.jdbc
			.sql("""
					with due as materialized (
					    select id from webhook_events where status = 'PENDING' and next_attempt_at <= :now%s
					    order by next_attempt_at limit :limit)
					select id from due where pg_try_advisory_xact_lock(%d, (id %% 2147483647)::int)"""
				.formatted(condition, CLAIM_LOCK_CLASS))
			.params(params)
			.param("now", Timestamp.from(this.clock.instant()))
			.query(String.class)
			.list()
			.toArray(String[]::new);
		if (locked.length == 0) {
			return List.of();
		}
		return this.jdbc.sql("""
				select id, source, content_type, body, received_at, attempts + 1 as attempt from webhook_events
				where id = any(cast(:ids as bigint[])) and status = 'PENDING' order by next_attempt_at, id""")
			.param("ids", locked)
			.query((rs, row) -> new WebhookEvent(rs.getLong("id"), rs.getString("source"), rs.getString("content_type"),
					rs.getBytes("body"), rs.getTimestamp("received_at").toInstant(), rs.getInt("attempt")))
			.list();
	}

	// a single event is applied without a savepoint: if it fails, the transaction rolls
	// back and it is processed again on its own
	private void applyBatch(List<WebhookEvent> batch) {
		if (batch.size() == 1) {
			applyAlone(batch.get(0));
			return;
		}
		if (batch.isEmpty()) {
			return;
		}
		List<Supplier<List<? extends Inbound>>> deliveries = batch.stream()
			.<Supplier<List<? extends Inbound>>>map((event) -> () -> handle(event))
			.toList();
		List<InboundMessages.Outcome> outcomes = this.inbound.applyEach(deliveries);
		Map<String, List<Long>> completed = new HashMap<>();
		for (int i = 0; i < batch.size(); i++) {
			InboundMessages.Outcome outcome = outcomes.get(i);
			if (outcome.failure() != null) {
				failed(batch.get(i), outcome.failure());
			}
			else {
				completed.computeIfAbsent(outcome.applied() ? DONE : IGNORED, (key) -> new ArrayList<>())
					.add(batch.get(i).id());
			}
		}
		completed.forEach(this::completeAll);
	}

	/**
	 * Claims one event, if it is still due and free, and processes it on its own: the
	 * handler's writes and the event's completion commit together; a failure reschedules
	 * it.
	 */
	void process(long id) {
		try {
			this.transaction.executeWithoutResult((status) -> {
				claimOne(id).forEach(this::applyAlone);
			});
		}
		catch (RuntimeException ex) {
			failed(id, ex);
		}
	}

	private void failed(long id, RuntimeException ex) {
		this.transaction.executeWithoutResult((status) -> claimOne(id).forEach((event) -> failed(event, ex)));
	}

	private void applyAlone(WebhookEvent event) {
		List<Inbound> events = handle(event);
		complete(event.id(), (events != null && this.inbound.apply(events)) ? DONE : IGNORED, null);
	}

	/**
	 * Reschedules a failed event with backoff, or marks it failed past the bound or at
	 * once when the database refuses its data (a NUL in a platform's text, say: refused
	 * again on every attempt).
	 */
	private void failed(WebhookEvent event, RuntimeException ex) {
		log.warn("Webhook event {} of {} failed (attempt {}): {}", event.id(), event.source(), event.attempt(),
				ex.toString());
		this.metrics.failed();
		if (event.attempt() >= MAX_ATTEMPTS || ex instanceof DataIntegrityViolationException) {
			complete(event.id(), "FAILED", ex.toString());
		}
		else {
			long backoff = Math.min(1000L << Math.min(event.attempt() - 1, 16), 600_000L);
			this.jdbc.sql("""
					update webhook_events set next_attempt_at = :at, last_error = :error, attempts = attempts + 1
					where id = :id""")
				.param("at", Timestamp.from(this.clock.instant().plusMillis(backoff)))
				.param("error", ex.toString())
				.param("id", event.id())
				.update();
		}
	}

	/**
	 * Reads the event into its handler's payload and translates it; {@code null} when it
	 * concerns nothing here (no handler, a body that cannot be read), and then it is
	 * {@code IGNORED}, as when it names only unknown or disconnected channels.
	 */
	private List<Inbound> handle(WebhookEvent event) {
		WebhookHandler<?> handler = this.handlers.get(event.source());
		return (handler != null) ? translate(handler, event) : null;
	}

	private <P> List<Inbound> translate(WebhookHandler<P> handler, WebhookEvent event) {
		Optional<P> payload = this.payloads.read(event, handler.payloadType());
		return payload.map((body) -> handler.translate(body, event)).orElse(null);
	}

	private void completeAll(String status, List<Long> ids) {
		this.jdbc.sql("""
				update webhook_events set status = :status, last_error = null, processed_at = :now,
				    attempts = attempts + 1
				where id = any(cast(:ids as bigint[]))""")
			.param("status", status)
			.param("now", Timestamp.from(this.clock.instant()))
			.param("ids", ids.stream().map(String::valueOf).toArray(String[]::new))
			.update();
		afterCommit(() -> this.metrics.processed(status, ids.size()));
	}

	private static void afterCommit(Runnable action) {
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				action.run();
			}
		});
	}

	private void complete(long id, String status, String error) {
		this.jdbc.sql("""
				update webhook_events set status = :status, last_error = :error, processed_at = :now,
				    attempts = attempts + 1
				where id = :id""")
			.param("status", status)
			.param("error", error)
			.param("now", Timestamp.from(this.clock.instant()))
			.param("id", id)
			.update();
		if (!"FAILED".equals(status)) {
			afterCommit(() -> this.metrics.processed(status, 1));
		}
	}

}

package dev.switchboard.source.inbox;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.message.Inbound;
import dev.switchboard.message.InboundMessages;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores inbound webhook events and processes them. A source's controller calls
 * {@link #store} after checking the signature and answers 200 once it returns: the event
 * is committed by then. Processing runs on the {@link WebhookWorker}.
 */
@Component
public class WebhookInbox {

	static final int MAX_ATTEMPTS = 10;

	private static final String DONE = "DONE";

	private static final String IGNORED = "IGNORED";

	static final Duration LEASE = Duration.ofMinutes(2);

	private static final Logger log = LoggerFactory.getLogger(WebhookInbox.class);

	private final JdbcClient jdbc;

	private final Map<String, WebhookHandler<?>> handlers;

	private final WebhookPayloads payloads;

	private final InboundMessages inbound;

	private final TransactionTemplate transaction;

	private final Clock clock;

	private volatile Runnable wakeUp = () -> {
	};

	WebhookInbox(JdbcClient jdbc, List<WebhookHandler<?>> handlers, WebhookPayloads payloads, InboundMessages inbound,
			TransactionTemplate transaction, Clock clock) {
		this.jdbc = jdbc;
		this.handlers = handlers.stream()
			.collect(Collectors.toUnmodifiableMap(WebhookHandler::source, Function.identity()));
		this.payloads = payloads;
		this.inbound = inbound;
		this.transaction = transaction;
		this.clock = clock;
	}

	/**
	 * Stores a raw event durably (committed when this returns) and schedules it.
	 */
	@Transactional
	public long store(String source, String contentType, byte[] body) {
		Instant now = this.clock.instant();
		long id = this.jdbc.sql("""
				insert into webhook_events (source, content_type, body, status, next_attempt_at, received_at)
				values (:source, :contentType, :body, 'PENDING', :now, :now) returning id""")
			.param("source", source)
			.param("contentType", contentType)
			.param("body", body)
			.param("now", Timestamp.from(now))
			.query(Long.class)
			.single();
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				WebhookInbox.this.wakeUp.run();
			}
		});
		return id;
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
	 * Claims due events, pushing each out by the lease so that no other worker takes it.
	 */
	List<WebhookEvent> claim(int limit) {
		Instant now = this.clock.instant();
		return this.transaction.execute((status) -> this.jdbc.sql("""
				update webhook_events w set next_attempt_at = :leaseEnd, attempts = w.attempts + 1
				from (select id from webhook_events where status = 'PENDING' and next_attempt_at <= :now
				      order by next_attempt_at limit :limit for update skip locked) due
				where w.id = due.id
				returning w.id, w.source, w.content_type, w.body, w.received_at, w.attempts""")
			.param("leaseEnd", Timestamp.from(now.plus(LEASE)))
			.param("now", Timestamp.from(now))
			.param("limit", limit)
			.query((rs, row) -> new WebhookEvent(rs.getLong("id"), rs.getString("source"), rs.getString("content_type"),
					rs.getBytes("body"), rs.getTimestamp("received_at").toInstant(), rs.getInt("attempts")))
			.list());
	}

	/**
	 * Processes one claimed event: the handler's writes and the event's completion commit
	 * together; a failure reschedules it with backoff, or marks it failed past the bound
	 * or at once when the database refuses its data.
	 */
	void process(WebhookEvent event) {
		try {
			this.transaction.executeWithoutResult((status) -> complete(event.id(), handle(event), null));
		}
		catch (RuntimeException ex) {
			log.warn("Webhook event {} of {} failed (attempt {}): {}", event.id(), event.source(), event.attempt(),
					ex.toString());
			this.transaction.executeWithoutResult((status) -> {
				// data the database refuses (a NUL in a platform's text, say) is refused
				// again
				// on every attempt: no retry
				if (event.attempt() >= MAX_ATTEMPTS || ex instanceof DataIntegrityViolationException) {
					complete(event.id(), "FAILED", ex.toString());
				}
				else {
					long backoff = Math.min(1000L << Math.min(event.attempt() - 1, 16), 600_000L);
					this.jdbc.sql("update webhook_events set next_attempt_at = :at, last_error = :error where id = :id")
						.param("at", Timestamp.from(this.clock.instant().plusMillis(backoff)))
						.param("error", ex.toString())
						.param("id", event.id())
						.update();
				}
			});
		}
	}

	/**
	 * Reads the event into its handler's payload and applies what the handler makes of
	 * it: {@code DONE}, or {@code IGNORED} when it concerns nothing here (no handler, a
	 * body that cannot be read, only unknown or disconnected channels).
	 */
	private String handle(WebhookEvent event) {
		WebhookHandler<?> handler = this.handlers.get(event.source());
		if (handler == null) {
			return IGNORED;
		}
		List<Inbound> events = translate(handler, event);
		return (events != null && this.inbound.apply(events)) ? DONE : IGNORED;
	}

	private <P> List<Inbound> translate(WebhookHandler<P> handler, WebhookEvent event) {
		Optional<P> payload = this.payloads.read(event, handler.payloadType());
		return payload.map((body) -> handler.translate(body, event)).orElse(null);
	}

	private void complete(long id, String status, String error) {
		this.jdbc.sql("""
				update webhook_events set status = :status, last_error = :error, processed_at = :now where id = :id""")
			.param("status", status)
			.param("error", error)
			.param("now", Timestamp.from(this.clock.instant()))
			.param("id", id)
			.update();
	}

}

package dev.switchboard.source.inbox;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The inbox's figures for {@code /actuator/prometheus}: events received, processed and
 * failed, and the backlog (pending events, and how long the oldest has waited), read from
 * the table at most once a second however often it is scraped.
 */
@Component
class WebhookMetrics {

	private static final Duration FRESH = Duration.ofSeconds(1);

	private final Counter received;

	private final Counter done;

	private final Counter ignored;

	private final Counter failed;

	private final JdbcClient jdbc;

	private final Clock clock;

	private volatile Backlog backlog = new Backlog(0, 0, Instant.MIN);

	WebhookMetrics(MeterRegistry registry, JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.received = Counter.builder("switchboard.webhook.events.received")
			.description("Webhook events stored (acknowledged to the platform)")
			.register(registry);
		this.done = processed(registry, "done");
		this.ignored = processed(registry, "ignored");
		this.failed = Counter.builder("switchboard.webhook.events.failed")
			.description("Webhook event attempts that failed (rescheduled, or FAILED past the bound)")
			.register(registry);
		Gauge.builder("switchboard.webhook.backlog.events", this, (metrics) -> metrics.backlog().events())
			.description("Webhook events stored and not processed yet")
			.register(registry);
		Gauge.builder("switchboard.webhook.backlog.age", this, (metrics) -> metrics.backlog().ageSeconds())
			.description("How long the oldest pending webhook event has waited")
			.baseUnit("seconds")
			.register(registry);
	}

	private static Counter processed(MeterRegistry registry, String outcome) {
		return Counter.builder("switchboard.webhook.events.processed")
			.description("Webhook events processed")
			.tag("outcome", outcome)
			.register(registry);
	}

	void received() {
		this.received.increment();
	}

	void processed(String status, int events) {
		("DONE".equals(status) ? this.done : this.ignored).increment(events);
	}

	void failed() {
		this.failed.increment();
	}

	private Backlog backlog() {
		Instant now = this.clock.instant();
		Backlog current = this.backlog;
		if (current.readAt().plus(FRESH).isAfter(now)) {
			return current;
		}
		Backlog read = this.jdbc.sql("""
				select count(*), coalesce(extract(epoch from (:now - min(received_at))), 0)
				from webhook_events where status = 'PENDING'""")
			.param("now", Timestamp.from(now))
			.query((rs, row) -> new Backlog(rs.getLong(1), Math.max(0, rs.getDouble(2)), now))
			.single();
		this.backlog = read;
		return read;
	}

	private record Backlog(long events, double ageSeconds, Instant readAt) {
	}

}

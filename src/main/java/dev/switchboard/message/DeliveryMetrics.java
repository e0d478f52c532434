package dev.switchboard.message;

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
 * The delivery worker's figures for {@code /actuator/prometheus}: sends delivered,
 * retried, failed and deferred (a channel at its rate limit), and the outbox (delivery
 * jobs open, and how long the oldest has waited), read from the table at most once a
 * second however often it is scraped.
 */
@Component
class DeliveryMetrics {

	private static final Duration FRESH = Duration.ofSeconds(1);

	private final Counter sent;

	private final Counter retried;

	private final Counter failed;

	private final Counter deferred;

	private final JdbcClient jdbc;

	private final Clock clock;

	private volatile Outbox outbox = new Outbox(0, 0, Instant.MIN);

	DeliveryMetrics(MeterRegistry registry, JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.sent = deliveries(registry, "sent");
		this.retried = deliveries(registry, "retried");
		this.failed = deliveries(registry, "failed");
		this.deferred = deliveries(registry, "deferred");
		Gauge.builder("switchboard.delivery.outbox.jobs", this, (metrics) -> metrics.outbox().jobs())
			.description("Messages waiting to be sent")
			.register(registry);
		Gauge.builder("switchboard.delivery.outbox.age", this, (metrics) -> metrics.outbox().ageSeconds())
			.description("How long the oldest message waiting to be sent has waited")
			.baseUnit("seconds")
			.register(registry);
	}

	private static Counter deliveries(MeterRegistry registry, String outcome) {
		return Counter.builder("switchboard.deliveries")
			.description("Delivery attempts by outcome")
			.tag("outcome", outcome)
			.register(registry);
	}

	void recorded(SendResult result) {
		switch (result) {
			case SendResult.Delivered delivered -> this.sent.increment();
			case SendResult.Retry retry -> this.retried.increment();
			case SendResult.Failed failure -> this.failed.increment();
			case null -> {
			}
		}
	}

	void deferred() {
		this.deferred.increment();
	}

	private Outbox outbox() {
		Instant now = this.clock.instant();
		Outbox current = this.outbox;
		if (current.readAt().plus(FRESH).isAfter(now)) {
			return current;
		}
		Outbox read = this.jdbc
			.sql("select count(*), coalesce(extract(epoch from (:now - min(created_at))), 0) from delivery_jobs")
			.param("now", Timestamp.from(now))
			.query((rs, row) -> new Outbox(rs.getLong(1), Math.max(0, rs.getDouble(2)), now))
			.single();
		this.outbox = read;
		return read;
	}

	private record Outbox(long jobs, double ageSeconds, Instant readAt) {
	}

}

package dev.switchboard.message;

import java.time.Clock;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import dev.switchboard.common.db.QueueGauges;

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

	private final Counter sent;

	private final Counter retried;

	private final Counter failed;

	private final Counter deferred;

	DeliveryMetrics(MeterRegistry registry, JdbcClient jdbc, Clock clock) {
		this.sent = deliveries(registry, "sent");
		this.retried = deliveries(registry, "retried");
		this.failed = deliveries(registry, "failed");
		this.deferred = deliveries(registry, "deferred");
		QueueGauges.register(registry, jdbc, clock, "switchboard.delivery.outbox", "jobs",
				"Messages waiting to be sent", "How long the oldest message waiting to be sent has waited",
				"select count(*), coalesce(extract(epoch from (:now - min(created_at))), 0) from delivery_jobs");
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

}

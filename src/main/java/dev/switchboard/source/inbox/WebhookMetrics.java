package dev.switchboard.source.inbox;

import java.time.Clock;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import dev.switchboard.common.db.QueueGauges;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The inbox's figures for {@code /actuator/prometheus}: events received, processed and
 * failed, and the backlog (pending events, and how long the oldest has waited), read from
 * the table at most once a second however often it is scraped.
 */
@Component
class WebhookMetrics {

	private final Counter received;

	private final Counter done;

	private final Counter ignored;

	private final Counter failed;

	WebhookMetrics(MeterRegistry registry, JdbcClient jdbc, Clock clock) {
		this.received = Counter.builder("switchboard.webhook.events.received")
			.description("Webhook events stored (acknowledged to the platform)")
			.register(registry);
		this.done = processed(registry, "done");
		this.ignored = processed(registry, "ignored");
		this.failed = Counter.builder("switchboard.webhook.events.failed")
			.description("Webhook event attempts that failed (rescheduled, or FAILED past the bound)")
			.register(registry);
		QueueGauges.register(registry, jdbc, clock, "switchboard.webhook.backlog", "events",
				"Webhook events stored and not processed yet", "How long the oldest pending webhook event has waited",
				"""
						select count(*), coalesce(extract(epoch from (:now - min(received_at))), 0)
						from webhook_events where status = 'PENDING'""");
	}

	private static Counter processed(MeterRegistry registry, String outcome) {
		return Counter.builder("switchboard.webhook.events.processed")
			.description("Webhook events processed")
			.tag("outcome", outcome)
			.register(registry);
	}

	void received(int events) {
		this.received.increment(events);
	}

	void processed(String status, int events) {
		("DONE".equals(status) ? this.done : this.ignored).increment(events);
	}

	void failed() {
		this.failed.increment();
	}

}

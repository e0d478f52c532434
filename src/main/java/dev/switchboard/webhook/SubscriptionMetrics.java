package dev.switchboard.webhook;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Counts attempts of webhook deliveries by outcome
 * ({@code switchboard.webhook.deliveries} with {@code outcome} delivered, retried or
 * failed), when a meter registry is present.
 */
@Component
class SubscriptionMetrics {

	private final Counter delivered;

	private final Counter retried;

	private final Counter failed;

	SubscriptionMetrics(ObjectProvider<MeterRegistry> registry) {
		MeterRegistry meters = registry.getIfAvailable();
		this.delivered = counter(meters, "delivered");
		this.retried = counter(meters, "retried");
		this.failed = counter(meters, "failed");
	}

	void delivered() {
		increment(this.delivered);
	}

	void retried() {
		increment(this.retried);
	}

	void failed() {
		increment(this.failed);
	}

	private static Counter counter(MeterRegistry meters, String outcome) {
		return (meters != null) ? Counter.builder("switchboard.webhook.deliveries")
			.description("Attempts of webhook deliveries, by outcome")
			.tag("outcome", outcome)
			.register(meters) : null;
	}

	private static void increment(Counter counter) {
		if (counter != null) {
			counter.increment();
		}
	}

}

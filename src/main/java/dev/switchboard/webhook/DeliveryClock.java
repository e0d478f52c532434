package dev.switchboard.webhook;

import java.time.Clock;
import java.time.Instant;

import org.springframework.stereotype.Component;

/**
 * The time deliveries are scheduled, retried and disabled by: the application's clock,
 * kept apart so a test can move the webhooks' time without moving tokens' expiry.
 */
@Component
class DeliveryClock {

	private final Clock clock;

	DeliveryClock(Clock clock) {
		this.clock = clock;
	}

	Instant now() {
		return this.clock.instant();
	}

}

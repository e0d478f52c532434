package dev.switchboard.webhook;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The webhooks' time in tests: stands still until the test moves it.
 */
class MovableClock extends DeliveryClock {

	private volatile Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

	MovableClock() {
		super(Clock.systemUTC());
	}

	@Override
	Instant now() {
		return this.now;
	}

	void set(Instant instant) {
		this.now = instant;
	}

	void advance(Duration duration) {
		this.now = this.now.plus(duration);
	}

}

package dev.switchboard.message;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the delivery worker sends.
 *
 * @param maxAttempts attempts before a message that keeps failing transiently ends
 * {@code FAILED}
 * @param initialBackoff the wait before the second attempt; doubles each time
 * @param maxBackoff the longest wait between attempts
 * @param lease how long a claimed job stays with its worker; a job whose worker died is
 * claimed again after it (longer than any platform call's timeout)
 * @param pollInterval how often to look for due jobs when nothing wakes the worker
 * @param concurrency messages sent at once per instance
 */
@ConfigurationProperties("switchboard.delivery")
record DeliveryProperties(@DefaultValue("8") int maxAttempts, @DefaultValue("2s") Duration initialBackoff,
		@DefaultValue("10m") Duration maxBackoff, @DefaultValue("2m") Duration lease,
		@DefaultValue("1s") Duration pollInterval, @DefaultValue("32") int concurrency) {

	/**
	 * The wait after a failed attempt: exponential, capped, never shorter than what the
	 * platform asked for.
	 */
	Duration backoff(int attempt, Duration requested) {
		long millis = this.initialBackoff.toMillis() << Math.min(attempt - 1, 30);
		Duration backoff = Duration.ofMillis(Math.min(Math.max(millis, 0), this.maxBackoff.toMillis()));
		return (requested != null && requested.compareTo(backoff) > 0) ? requested : backoff;
	}

}

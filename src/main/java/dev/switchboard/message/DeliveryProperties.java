package dev.switchboard.message;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

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
 * @param channelConcurrency messages sent at once per channel and instance, so that one
 * busy channel leaves senders to the others
 * @param ratePerSecond messages a second a channel may send, by source (the platform's
 * own limit); {@code whatsapp} is 80 unless set, other sources have no limit unless set
 * ({@code switchboard.delivery.rate-per-second[twilio.sms]=10})
 * @param slowDownPause how long a channel pauses when its platform asks to slow down
 * (429, 5xx, timeout) without saying for how long
 */
@ConfigurationProperties("switchboard.delivery")
record DeliveryProperties(@DefaultValue("8") int maxAttempts, @DefaultValue("2s") Duration initialBackoff,
		@DefaultValue("10m") Duration maxBackoff, @DefaultValue("2m") Duration lease,
		@DefaultValue("1s") Duration pollInterval, @DefaultValue("32") int concurrency,
		@DefaultValue("8") int channelConcurrency, Map<String, Double> ratePerSecond,
		@DefaultValue("1s") Duration slowDownPause) {

	static final Map<String, Double> DEFAULT_RATES = Map.of("whatsapp", 80.0);

	DeliveryProperties {
		Map<String, Double> rates = new HashMap<>(DEFAULT_RATES);
		if (ratePerSecond != null) {
			rates.putAll(ratePerSecond);
		}
		ratePerSecond = Map.copyOf(rates);
	}

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

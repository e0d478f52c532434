package dev.switchboard.webhook;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How webhooks are delivered ({@code switchboard.webhooks.*}).
 *
 * @param allowHttp whether {@code http} URLs may be subscribed (else only {@code https})
 * @param allowPrivateTargets whether URLs may resolve to loopback, private, link-local or
 * multicast addresses (tests and local set-ups)
 * @param connectTimeout the longest wait for a connection
 * @param timeout the longest a whole request may take, connection included; a 2xx within
 * it is a success
 * @param retrySchedule the waits after the first, second, ... failed attempt; after the
 * last one the delivery is {@code FAILED}
 * @param jitter the fraction by which each wait is shortened or lengthened at random
 * @param disableAfter how long a subscription's deliveries may all fail before it is
 * disabled
 * @param lease how long a claimed delivery stays with its worker; one whose worker died
 * is claimed again after it
 * @param pollInterval how often to look for due deliveries and new events when nothing
 * wakes the workers
 * @param concurrency deliveries sent at once per instance
 * @param concurrencyPerSubscription deliveries sent at once to one subscription, so a
 * slow receiver holds only its own share; each success is recorded before its sender
 * takes the next, so one subscription's rate is about this over the time of a request and
 * a group commit (docs/benchmarks.md, session 8)
 * @param maxSubscriptions subscriptions per workspace
 * @param databaseConnections the delivery path's own database connections per instance
 * (fan-out, claims, outcomes), apart from the application's pool so the API's load cannot
 * starve deliveries of connections
 */
@ConfigurationProperties("switchboard.webhooks")
record WebhookProperties(@DefaultValue("false") boolean allowHttp, @DefaultValue("false") boolean allowPrivateTargets,
		@DefaultValue("10s") Duration connectTimeout, @DefaultValue("15s") Duration timeout, @DefaultValue( {
				"5s", "5m", "30m", "2h", "5h", "10h", "10h" }) List<Duration> retrySchedule,
		@DefaultValue("0.1") double jitter, @DefaultValue("3d") Duration disableAfter,
		@DefaultValue("1m") Duration lease, @DefaultValue("250ms") Duration pollInterval,
		@DefaultValue("256") int concurrency, @DefaultValue("16") int concurrencyPerSubscription,
		@DefaultValue("100") int maxSubscriptions, @DefaultValue("4") int databaseConnections){

	WebhookProperties {
		retrySchedule = List.copyOf(retrySchedule);
		if (lease.compareTo(timeout.plusSeconds(5)) < 0) {
			throw new IllegalArgumentException("switchboard.webhooks.lease must exceed the timeout by 5 s or more");
		}
		if (jitter < 0 || jitter >= 1) {
			throw new IllegalArgumentException("switchboard.webhooks.jitter must be at least 0 and below 1");
		}
		if (concurrency < 1 || concurrencyPerSubscription < 1) {
			throw new IllegalArgumentException("switchboard.webhooks concurrency must be at least 1");
		}
		if (databaseConnections < 2) {
			// the dispatcher's transaction holds one while the senders record on another
			throw new IllegalArgumentException("switchboard.webhooks.database-connections must be at least 2");
		}
	}

	/**
	 * Attempts a delivery gets before it is {@code FAILED}.
	 */
	int maxAttempts() {
		return this.retrySchedule.size() + 1;
	}

	/**
	 * The wait after a failed attempt, with jitter.
	 * @param attempt the attempt that failed, from 1
	 * @param random a number in [0, 1)
	 */
	Duration backoff(int attempt, double random) {
		Duration base = this.retrySchedule.get(Math.min(attempt, this.retrySchedule.size()) - 1);
		double factor = 1 + this.jitter * (2 * random - 1);
		return Duration.ofMillis(Math.round(base.toMillis() * factor));
	}

}

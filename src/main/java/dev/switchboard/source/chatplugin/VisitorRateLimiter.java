package dev.switchboard.source.chatplugin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import dev.switchboard.common.error.TooManyRequestsException;

import org.springframework.stereotype.Component;

/**
 * The chat plugin's limits kept in memory, per instance: how fast one visitor sends (a
 * visitor's requests mostly reach one instance; across several the limit multiplies,
 * which still bounds a flood), and how often one client address authenticates (which
 * stores nothing and costs only the instance that answers, so that is what it bounds).
 */
@Component
class VisitorRateLimiter {

	private final FixedWindows<UUID> messages;

	private final FixedWindows<String> authentications;

	VisitorRateLimiter(ChatPluginProperties properties, Clock clock) {
		this.messages = new FixedWindows<>(properties.maxMessages(), properties.window(), clock);
		this.authentications = new FixedWindows<>(properties.maxAuthenticationsPerAddress(), properties.startWindow(),
				clock);
	}

	/**
	 * Counts one message of the visitor.
	 * @throws TooManyRequestsException when the visitor is over the limit
	 */
	void acquire(UUID visitor) {
		this.messages.acquire(visitor, "Too many messages; slow down.");
	}

	/**
	 * Counts one {@code chatplugin.authenticate} from the client address.
	 * @throws TooManyRequestsException when the address is over the limit
	 */
	void acquireAuthentication(String address) {
		this.authentications.acquire(address, "Too many chat sessions from your address; try again later.");
	}

	/**
	 * Counts per key in fixed windows, each starting with the first call after the
	 * previous one ended.
	 */
	private static final class FixedWindows<K> {

		private static final int CLEANUP_THRESHOLD = 10_000;

		private final Map<K, Window> windows = new ConcurrentHashMap<>();

		private final AtomicReference<Instant> lastCleanup;

		private final int limit;

		private final Duration length;

		private final Clock clock;

		FixedWindows(int limit, Duration length, Clock clock) {
			this.limit = limit;
			this.length = length;
			this.clock = clock;
			this.lastCleanup = new AtomicReference<>(clock.instant());
		}

		void acquire(K key, String refusal) {
			Instant now = this.clock.instant();
			cleanUp(now);
			Window window = this.windows.compute(key,
					(ignored, current) -> (current == null || !current.start().plus(this.length).isAfter(now))
							? new Window(now, 1) : new Window(current.start(), current.count() + 1));
			if (window.count() > this.limit) {
				throw new TooManyRequestsException(refusal, Duration.between(now, window.start().plus(this.length)));
			}
		}

		/**
		 * Drops ended windows once there are many, at most once per window length, so
		 * that many keys cost memory for one window and no sweep on every call.
		 */
		private void cleanUp(Instant now) {
			Instant last = this.lastCleanup.get();
			if (this.windows.size() > CLEANUP_THRESHOLD && !last.plus(this.length).isAfter(now)
					&& this.lastCleanup.compareAndSet(last, now)) {
				this.windows.values().removeIf((window) -> !window.start().plus(this.length).isAfter(now));
			}
		}

	}

	private record Window(Instant start, int count) {
	}

}

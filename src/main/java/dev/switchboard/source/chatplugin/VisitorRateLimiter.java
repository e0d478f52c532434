package dev.switchboard.source.chatplugin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import dev.switchboard.common.error.TooManyRequestsException;

import org.springframework.stereotype.Component;

/**
 * Limits how fast one visitor sends: at most {@code maxMessages} per window, counted per
 * instance (a visitor's requests mostly reach one instance; across several the limit
 * multiplies, which still bounds a flood).
 */
@Component
class VisitorRateLimiter {

	private static final int CLEANUP_THRESHOLD = 10_000;

	private final Map<UUID, Window> windows = new ConcurrentHashMap<>();

	private final ChatPluginProperties properties;

	private final Clock clock;

	VisitorRateLimiter(ChatPluginProperties properties, Clock clock) {
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * Counts one message of the visitor.
	 * @throws TooManyRequestsException when the visitor is over the limit
	 */
	void acquire(UUID visitor) {
		Instant now = this.clock.instant();
		Duration length = this.properties.window();
		if (this.windows.size() > CLEANUP_THRESHOLD) {
			this.windows.values().removeIf((window) -> window.start().plus(length).isBefore(now));
		}
		Window window = this.windows.compute(visitor,
				(key, current) -> (current == null || !current.start().plus(length).isAfter(now)) ? new Window(now, 1)
						: new Window(current.start(), current.count() + 1));
		if (window.count() > this.properties.maxMessages()) {
			throw new TooManyRequestsException("Too many messages; slow down.",
					Duration.between(now, window.start().plus(length)));
		}
	}

	private record Window(Instant start, int count) {
	}

}

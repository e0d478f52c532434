package dev.switchboard.message;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * How fast each channel may send, decided per channel so that one channel's limits never
 * slow another: a token bucket at the platform's own rate (WhatsApp allows 80 messages a
 * second per number), a bound on the sends in flight, and a pause when the platform asks
 * to slow down (a 429, a 5xx, a timeout: every {@link SendResult.Retry}). Decisions only:
 * the caller waits or comes back later, and time is the given clock's.
 */
final class ChannelLimits {

	private final Map<String, Double> ratePerSecond;

	private final int concurrency;

	private final Duration minimumPause;

	private final Clock clock;

	private final ConcurrentMap<UUID, Channel> channels = new ConcurrentHashMap<>();

	/**
	 * @param ratePerSecond messages a second a channel of the source may send, by source;
	 * a source not named has no rate limit
	 * @param concurrency sends in flight at once per channel
	 * @param minimumPause the pause after a platform asked to slow down without saying
	 * for how long
	 */
	ChannelLimits(Map<String, Double> ratePerSecond, int concurrency, Duration minimumPause, Clock clock) {
		this.ratePerSecond = Map.copyOf(ratePerSecond);
		this.concurrency = concurrency;
		this.minimumPause = minimumPause;
		this.clock = clock;
	}

	/**
	 * Asks to send one message on the channel now.
	 * @return {@code null} when it may (it then holds one of the channel's slots until
	 * {@link #sent}), else the earliest time to ask again
	 */
	Instant tryAcquire(UUID channelId, String source) {
		Double rate = this.ratePerSecond.get(source);
		Channel channel = this.channels.computeIfAbsent(channelId,
				(id) -> new Channel((rate != null && rate > 0) ? rate : 0, this.clock.instant()));
		return channel.tryAcquire(this.clock.instant(), this.concurrency);
	}

	/**
	 * A send that held a slot is over; a platform that asked to slow down pauses the
	 * channel, for as long as it said or the minimum pause.
	 * @param slowDown what the platform answered when it asked to slow down, or
	 * {@code null}
	 */
	void sent(UUID channelId, SendResult.Retry slowDown) {
		Channel channel = this.channels.get(channelId);
		if (channel == null) {
			return;
		}
		Duration pause = null;
		if (slowDown != null) {
			pause = (slowDown.retryAfter() != null && slowDown.retryAfter().compareTo(this.minimumPause) > 0)
					? slowDown.retryAfter() : this.minimumPause;
		}
		channel.release(this.clock.instant(), pause);
	}

	/**
	 * One channel's bucket, slots and pause.
	 */
	private static final class Channel {

		private final double rate;

		private double tokens;

		private Instant refilledAt;

		private int inFlight;

		private Instant pausedUntil = Instant.MIN;

		Channel(double rate, Instant now) {
			this.rate = rate;
			this.tokens = rate;
			this.refilledAt = now;
		}

		synchronized Instant tryAcquire(Instant now, int concurrency) {
			if (now.isBefore(this.pausedUntil)) {
				return this.pausedUntil;
			}
			if (this.inFlight >= concurrency) {
				// a slot frees when a send answers: ask again soon
				return now.plusMillis(10);
			}
			if (this.rate > 0) {
				refill(now);
				if (this.tokens < 1) {
					return now.plusNanos((long) Math.ceil((1 - this.tokens) / this.rate * 1e9));
				}
				this.tokens -= 1;
			}
			this.inFlight++;
			return null;
		}

		synchronized void release(Instant now, Duration pause) {
			this.inFlight = Math.max(0, this.inFlight - 1);
			if (pause != null) {
				Instant until = now.plus(pause);
				if (until.isAfter(this.pausedUntil)) {
					this.pausedUntil = until;
				}
				this.tokens = 0;
				this.refilledAt = until;
			}
		}

		// a bucket holds at most one second of sends: a quiet channel may burst that much
		private void refill(Instant now) {
			if (now.isAfter(this.refilledAt)) {
				double seconds = Duration.between(this.refilledAt, now).toNanos() / 1e9;
				this.tokens = Math.min(this.rate, this.tokens + seconds * this.rate);
				this.refilledAt = now;
			}
		}

	}

}

package dev.switchboard.message;

import java.time.Instant;

/**
 * The filters of a channel's message list in the Channels API.
 *
 * @param direction {@code incoming}, {@code outgoing} or {@code null} for both
 * @param status a Channels API status, or {@code null} for any
 * @param startAt the earliest sending time (inclusive), or {@code null}
 * @param endAt the sending time to stop before, or {@code null}
 */
public record ChannelQuery(String direction, String status, Instant startAt, Instant endAt) {

	/** A string naming the filters, to bind page tokens to them. */
	String fingerprint() {
		return this.direction + "|" + this.status + "|" + this.startAt + "|" + this.endAt;
	}

}

package dev.switchboard.source.chatplugin;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.switchboard.common.db.AdvisoryLocks;
import dev.switchboard.common.error.TooManyRequestsException;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Counts the conversations visitors start, per channel and per client address, in the
 * database: starting one writes a conversation anyway, and what the limits protect (the
 * inbox and the database) is shared by every instance, so they hold across instances and
 * concurrent requests. Counts are over a sliding window.
 */
@Component
class ConversationStarts {

	private final JdbcClient jdbc;

	private final AdvisoryLocks locks;

	private final ChatPluginProperties properties;

	private final Clock clock;

	ConversationStarts(JdbcClient jdbc, AdvisoryLocks locks, ChatPluginProperties properties, Clock clock) {
		this.jdbc = jdbc;
		this.locks = locks;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * Serialises the starts on one channel, so that the caller can check under it whether
	 * the visitor's conversation exists yet.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	void lock(UUID channelId) {
		this.locks.lock(AdvisoryLocks.Kind.CHATPLUGIN_CHANNEL, channelId.toString());
	}

	/**
	 * Counts a new conversation on the channel from the address, under the channel's lock
	 * (held by the caller) and the address's.
	 * @throws TooManyRequestsException when the channel or the address is over its limit
	 * (the start is then not counted)
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	void acquire(UUID channelId, String address) {
		this.locks.lock(AdvisoryLocks.Kind.CHATPLUGIN_ADDRESS, address);
		Instant now = this.clock.instant();
		retryAfter("channel_id = :channel", channelId, address, this.properties.maxConversationsPerChannel(), now)
			.ifPresent((retryAfter) -> {
				throw new TooManyRequestsException("Too many new conversations on this channel; try again in a moment.",
						retryAfter);
			});
		retryAfter("client_address = :address", channelId, address, this.properties.maxConversationsPerAddress(), now)
			.ifPresent((retryAfter) -> {
				throw new TooManyRequestsException("Too many new conversations from your address; try again later.",
						retryAfter);
			});
		this.jdbc
			.sql("insert into chatplugin_starts (channel_id, client_address, started_at)"
					+ " values (:channel, :address, :now)")
			.param("channel", channelId)
			.param("address", address)
			.param("now", Timestamp.from(now))
			.update();
	}

	/**
	 * Forgets the starts past the window.
	 */
	@Scheduled(fixedDelay = 1, timeUnit = TimeUnit.MINUTES)
	void prune() {
		this.jdbc.sql("delete from chatplugin_starts where started_at < :since")
			.param("since", Timestamp.from(this.clock.instant().minus(this.properties.startWindow())))
			.update();
	}

	/**
	 * Once {@code limit} starts lie in the window, the next waits until the
	 * {@code limit}-th newest leaves it.
	 */
	private Optional<Duration> retryAfter(String condition, UUID channelId, String address, int limit, Instant now) {
		Duration window = this.properties.startWindow();
		return this.jdbc
			.sql("select started_at from chatplugin_starts where " + condition
					+ " and started_at > :since order by started_at desc offset :skip limit 1")
			.param("channel", channelId)
			.param("address", address)
			.param("since", Timestamp.from(now.minus(window)))
			.param("skip", limit - 1)
			.query(Timestamp.class)
			.optional()
			.map((at) -> Duration.between(now, at.toInstant().plus(window)));
	}

}

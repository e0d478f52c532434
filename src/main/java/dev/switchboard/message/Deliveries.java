package dev.switchboard.message;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.switchboard.channel.ChannelService;
import dev.switchboard.channel.ChannelView;
import dev.switchboard.conversation.ConversationService;
import dev.switchboard.conversation.ConversationService.ConversationRef;
import dev.switchboard.message.MessageRepository.ClaimedJob;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One delivery: claim, send outside any transaction within the channel's limits
 * ({@link ChannelLimits}), record the outcome.
 */
@Component
class Deliveries {

	private static final Logger log = LoggerFactory.getLogger(Deliveries.class);

	// the longest a sender waits for its channel before giving the job back
	private static final Duration MAX_WAIT = Duration.ofMillis(250);

	private final MessageRepository messages;

	private final ConversationService conversations;

	private final ChannelService channels;

	private final Map<String, MessageSender> senders;

	private final DeliveryProperties properties;

	private final TransactionTemplate transaction;

	private final JsonMapper json;

	private final MessageWrites writes;

	private final OwnMedia ownMedia;

	private final Clock clock;

	private final ChannelLimits limits;

	private final DeliveryMetrics metrics;

	Deliveries(MessageRepository messages, ConversationService conversations, ChannelService channels,
			List<MessageSender> senders, DeliveryProperties properties, TransactionTemplate transaction,
			JsonMapper json, MessageWrites writes, OwnMedia ownMedia, Clock clock, DeliveryMetrics metrics) {
		this.messages = messages;
		this.conversations = conversations;
		this.channels = channels;
		this.senders = senders.stream()
			.collect(Collectors.toUnmodifiableMap(MessageSender::source, Function.identity()));
		this.properties = properties;
		this.transaction = transaction;
		this.json = json;
		this.writes = writes;
		this.ownMedia = ownMedia;
		this.clock = clock;
		this.metrics = metrics;
		this.limits = new ChannelLimits(properties.ratePerSecond(), properties.channelConcurrency(),
				properties.slowDownPause(), clock);
	}

	List<ClaimedJob> claim(int limit) {
		return this.transaction
			.execute((status) -> this.messages.claimDue(limit, this.properties.lease(), this.clock.instant()));
	}

	/**
	 * Sends the claimed message and records the outcome. Never throws: whatever goes
	 * wrong is recorded on the message or retried.
	 */
	void deliver(ClaimedJob job) {
		SendResult result;
		try {
			result = attempt(job);
		}
		catch (Deferred deferred) {
			defer(job, deferred.until());
			return;
		}
		catch (RuntimeException ex) {
			log.warn("Delivery of message {} failed unexpectedly", job.messageId(), ex);
			result = new SendResult.Retry("Unexpected error while sending; the server log has the details", null);
		}
		try {
			record(job, result);
			this.metrics.recorded(result);
		}
		catch (RuntimeException ex) {
			// the job keeps its lease and is claimed again when it runs out
			log.warn("Could not record the delivery of message {}", job.messageId(), ex);
		}
	}

	private SendResult attempt(ClaimedJob job) {
		MessageRow row = this.messages.find(job.messageId()).orElse(null);
		if (row == null) {
			return null;
		}
		ConversationRef conversation = this.conversations.get(row.conversationId());
		ChannelView channel = this.channels.get(row.channelId());
		if (!channel.connected()) {
			return new SendResult.Failed("The channel is disconnected.", null);
		}
		MessageSender sender = this.senders.get(row.source());
		if (sender == null) {
			return new SendResult.Failed("Messages cannot be sent on the " + row.source() + " source.", null);
		}
		OutboundMessage message = new OutboundMessage(row.id(), row.conversationId(), row.channelId(),
				channel.sourceChannelId(), conversation.sourceContactId(), content(row), job.attempt());
		acquire(channel);
		SendResult result = null;
		try {
			result = sender.send(message);
			return result;
		}
		finally {
			this.limits.sent(channel.id(), (result instanceof SendResult.Retry retry) ? retry : null);
		}
	}

	/**
	 * Takes one of the channel's sends: waits here when it is a moment away (the next
	 * token of a busy channel), else gives the job back until then, so that a paused or
	 * saturated channel holds none of the worker's senders.
	 * @throws Deferred when the channel cannot send soon
	 */
	private void acquire(ChannelView channel) {
		Instant deadline = this.clock.instant().plus(MAX_WAIT);
		for (;;) {
			Instant until = this.limits.tryAcquire(channel.id(), channel.source());
			if (until == null) {
				return;
			}
			if (until.isAfter(deadline)) {
				throw new Deferred(until);
			}
			try {
				Thread.sleep(Duration.between(this.clock.instant(), until).plusMillis(1));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new Deferred(until);
			}
		}
	}

	/**
	 * Gives a job back unsent until the given time; it does not count as an attempt.
	 */
	private void defer(ClaimedJob job, Instant until) {
		try {
			this.transaction.executeWithoutResult((status) -> this.messages.deferJob(job.messageId(), until));
			this.metrics.deferred();
		}
		catch (RuntimeException ex) {
			log.warn("Could not defer the delivery of message {}", job.messageId(), ex);
		}
	}

	/**
	 * The channel cannot send before {@code until}.
	 */
	private static final class Deferred extends RuntimeException {

		private final transient Instant until;

		Deferred(Instant until) {
			super(null, null, false, false);
			this.until = until;
		}

		Instant until() {
			return this.until;
		}

	}

	/**
	 * What to send: a message we store with a platform payload was sent as that payload;
	 * media uploaded here go as a public link the platform can fetch.
	 */
	private MessageContent content(MessageRow row) {
		if (row.sourceContent() != null) {
			return new MessageContent.SourcePayload(this.json.readTree(row.sourceContent()));
		}
		return this.ownMedia.forPlatform(row.workspaceId(), row.channelId(),
				this.json.readValue(row.content(), MessageContent.class));
	}

	private void record(ClaimedJob job, SendResult result) {
		Instant now = this.clock.instant();
		this.transaction.executeWithoutResult((status) -> {
			this.messages.find(job.messageId()).ifPresent((row) -> this.conversations.lock(row.conversationId()));
			switch (result) {
				case null -> this.messages.deleteJob(job.messageId());
				case SendResult.Delivered delivered -> {
					this.messages.markDelivered(job.messageId(), delivered.sourceMessageId(), now);
					this.messages.deleteJob(job.messageId());
					this.writes.updated(job.messageId());
				}
				case SendResult.Failed failed -> fail(job, failed.error(), failed.sourceError(), now);
				case SendResult.Retry retry -> {
					if (job.attempt() >= this.properties.maxAttempts()) {
						fail(job, "Gave up after " + job.attempt() + " attempts: " + retry.error(), null, now);
					}
					else {
						this.messages.rescheduleJob(job.messageId(),
								now.plus(this.properties.backoff(job.attempt(), retry.retryAfter())), retry.error());
					}
				}
			}
		});
	}

	private void fail(ClaimedJob job, String error, JsonNode sourceError, Instant now) {
		this.messages.markFailed(job.messageId(), error, (sourceError != null) ? sourceError.toString() : null, now);
		this.messages.deleteJob(job.messageId());
		this.writes.updated(job.messageId());
	}

}

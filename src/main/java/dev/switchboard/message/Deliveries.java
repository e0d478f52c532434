package dev.switchboard.message;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.switchboard.channel.ChannelService;
import dev.switchboard.channel.ChannelView;
import dev.switchboard.common.work.GroupCommit;
import dev.switchboard.conversation.ConversationService;
import dev.switchboard.conversation.ConversationService.ConversationRef;
import dev.switchboard.message.MessageRepository.ClaimedJob;

import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deliveries in batches: a batch of due jobs is claimed and read (messages,
 * conversations, channels) in one transaction; each message is sent outside any
 * transaction within its channel's limits ({@link ChannelLimits}); the outcomes of the
 * sends that end together are recorded together, in one transaction
 * ({@link GroupCommit}), so that a backlog costs two commits per batch rather than two
 * per message.
 */
@Component
class Deliveries {

	/** Group commits of outcomes written at once. */
	private static final int OUTCOME_WRITERS = 4;

	private static final Logger log = LoggerFactory.getLogger(Deliveries.class);

	// the longest a sender waits for its channel before giving the job back
	private static final Duration MAX_WAIT = Duration.ofMillis(250);

	// the pauses between tries of an outcome that found no connection or was rolled back
	private static final Duration FIRST_PAUSE = Duration.ofMillis(50);

	private static final Duration MAX_PAUSE = Duration.ofSeconds(2);

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

	private final GroupCommit<Outcome, Void> outcomes;

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
		// several writers: a batch holds the locks of its conversations until it commits,
		// and one writer alone made every sender and every send to those conversations
		// wait for it in turn
		this.outcomes = new GroupCommit<>("delivery-outcomes", OUTCOME_WRITERS, properties.concurrency(), (batch) -> {
			recordAll(batch);
			return Collections.nCopies(batch.size(), null);
		});
	}

	@PreDestroy
	void stopRecording() {
		this.outcomes.close();
	}

	/**
	 * Claims up to {@code limit} due jobs with what sending them needs, in one
	 * transaction.
	 */
	List<Delivery> claim(int limit) {
		return this.transaction.execute((status) -> {
			Instant now = this.clock.instant();
			List<ClaimedJob> jobs = this.messages.claimDue(limit, this.properties.lease(), now);
			// an outcome is tried until a quarter of the lease is left, so that it is
			// recorded before another worker may take the job again
			Instant recordBy = now.plus(this.properties.lease().multipliedBy(3).dividedBy(4));
			if (jobs.isEmpty()) {
				return List.of();
			}
			Map<UUID, MessageRow> rows = this.messages.findAll(jobs.stream().map(ClaimedJob::messageId).toList())
				.stream()
				.collect(Collectors.toMap(MessageRow::id, Function.identity()));
			Map<UUID, ChannelView> channels = this.channels
				.findAll(rows.values().stream().map(MessageRow::channelId).distinct().toList());
			Map<UUID, Optional<ConversationRef>> conversations = new HashMap<>();
			List<Delivery> deliveries = new ArrayList<>(jobs.size());
			for (ClaimedJob job : jobs) {
				MessageRow row = rows.get(job.messageId());
				ConversationRef conversation = (row != null)
						? conversations.computeIfAbsent(row.conversationId(), this.conversations::lookup).orElse(null)
						: null;
				deliveries.add(new Delivery(job, row, conversation,
						(row != null) ? channels.get(row.channelId()) : null, recordBy));
			}
			return deliveries;
		});
	}

	/**
	 * Sends the claimed message and records the outcome. Never throws: whatever goes
	 * wrong is recorded on the message or retried.
	 */
	void deliver(Delivery delivery) {
		Outcome outcome;
		try {
			outcome = new Outcome(delivery, attempt(delivery), null);
		}
		catch (Deferred deferred) {
			outcome = new Outcome(delivery, null, deferred.until());
		}
		catch (RuntimeException ex) {
			log.warn("Delivery of message {} failed unexpectedly", delivery.job().messageId(), ex);
			outcome = new Outcome(delivery,
					new SendResult.Retry("Unexpected error while sending; the server log has the details", null), null);
		}
		try {
			this.outcomes.submit(outcome);
		}
		catch (RuntimeException ex) {
			// the job keeps its lease and is claimed again when it runs out
			log.warn("Could not record the delivery of message {}", delivery.job().messageId(), ex);
		}
	}

	private SendResult attempt(Delivery delivery) {
		MessageRow row = delivery.row();
		if (row == null) {
			return null;
		}
		ChannelView channel = delivery.channel();
		if (channel == null || delivery.conversation() == null) {
			return new SendResult.Failed("The message's channel or conversation no longer exists.", null);
		}
		if (!channel.connected()) {
			return new SendResult.Failed("The channel is disconnected.", null);
		}
		MessageSender sender = this.senders.get(row.source());
		if (sender == null) {
			return new SendResult.Failed("Messages cannot be sent on the " + row.source() + " source.", null);
		}
		OutboundMessage message = new OutboundMessage(row.id(), row.conversationId(), row.channelId(),
				channel.sourceChannelId(), delivery.conversation().sourceContactId(), content(row),
				delivery.job().attempt());
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

	/**
	 * Records a batch of outcomes in one transaction; when that fails, each on its own,
	 * so that one outcome that cannot be recorded leaves the others recorded (it keeps
	 * its lease and is claimed again when the lease runs out).
	 */
	private void recordAll(List<Outcome> batch) {
		try {
			recordPatiently(batch);
		}
		catch (RuntimeException ex) {
			if (batch.size() == 1) {
				throw ex;
			}
			for (Outcome outcome : batch) {
				try {
					recordPatiently(List.of(outcome));
				}
				catch (RuntimeException alone) {
					log.warn("Could not record the delivery of message {}", outcome.delivery().job().messageId(),
							alone);
				}
			}
		}
	}

	/**
	 * Records outcomes in one transaction, trying again while nothing was written (no
	 * connection came in time, or the database rolled the transaction back) and their
	 * jobs' leases leave time: a message that was sent is not sent again because the pool
	 * was busy for a moment.
	 */
	private void recordPatiently(List<Outcome> outcomes) {
		Instant giveUp = outcomes.stream()
			.map((outcome) -> outcome.delivery().recordBy())
			.min(Instant::compareTo)
			.get();
		Duration pause = FIRST_PAUSE;
		for (;;) {
			try {
				this.transaction.executeWithoutResult((status) -> record(outcomes));
				outcomes.forEach(this::counted);
				return;
			}
			catch (CannotCreateTransactionException | TransientDataAccessException ex) {
				if (this.clock.instant().plus(pause).isAfter(giveUp)) {
					throw ex;
				}
				log.debug("Recording {} delivery outcomes failed; trying again in {}", outcomes.size(), pause, ex);
				try {
					Thread.sleep(pause);
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					throw ex;
				}
				pause = (pause.compareTo(MAX_PAUSE.dividedBy(2)) < 0) ? pause.multipliedBy(2) : MAX_PAUSE;
			}
		}
	}

	private void counted(Outcome outcome) {
		if (outcome.deferredUntil() != null) {
			this.metrics.deferred();
		}
		else {
			this.metrics.recorded(outcome.result());
		}
	}

	/**
	 * Records outcomes; the conversations' locks are taken at once, in the one order
	 * every batch takes them, so that batches recorded side by side cannot deadlock.
	 */
	private void record(List<Outcome> batch) {
		Instant now = this.clock.instant();
		this.conversations.lockAll(batch.stream()
			.map(Outcome::delivery)
			.filter((delivery) -> delivery.row() != null)
			.map((delivery) -> delivery.row().conversationId())
			.distinct()
			.toList());
		List<UUID> done = new ArrayList<>();
		List<UUID> changed = new ArrayList<>();
		for (Outcome outcome : batch) {
			ClaimedJob job = outcome.delivery().job();
			if (outcome.deferredUntil() != null) {
				this.messages.deferJob(job.messageId(), outcome.deferredUntil());
				continue;
			}
			switch (outcome.result()) {
				case null -> done.add(job.messageId());
				case SendResult.Delivered delivered -> {
					this.messages.markDelivered(job.messageId(), delivered.sourceMessageId(), now);
					done.add(job.messageId());
					changed.add(job.messageId());
				}
				case SendResult.Failed failed -> fail(job, failed.error(), failed.sourceError(), now, done, changed);
				case SendResult.Retry retry -> {
					if (job.attempt() >= this.properties.maxAttempts()) {
						fail(job, "Gave up after " + job.attempt() + " attempts: " + retry.error(), null, now, done,
								changed);
					}
					else {
						this.messages.rescheduleJob(job.messageId(),
								now.plus(this.properties.backoff(job.attempt(), retry.retryAfter())), retry.error());
					}
				}
			}
		}
		this.messages.deleteJobs(done);
		this.writes.updated(changed);
	}

	private void fail(ClaimedJob job, String error, JsonNode sourceError, Instant now, List<UUID> done,
			List<UUID> changed) {
		this.messages.markFailed(job.messageId(), error, (sourceError != null) ? sourceError.toString() : null, now);
		done.add(job.messageId());
		changed.add(job.messageId());
	}

	/**
	 * A claimed job with what sending it needs.
	 *
	 * @param job the job
	 * @param row its message, or {@code null} when it no longer exists
	 * @param conversation the message's conversation, or {@code null} when it no longer
	 * exists
	 * @param channel the message's channel, or {@code null} when it no longer exists
	 * @param recordBy until when its outcome is tried again when it cannot be recorded
	 */
	record Delivery(ClaimedJob job, MessageRow row, ConversationRef conversation, ChannelView channel,
			Instant recordBy) {

	}

	/**
	 * How a delivery ended: sent with a result ({@code null} for a message that no longer
	 * exists), or given back unsent until a time.
	 */
	private record Outcome(Delivery delivery, SendResult result, Instant deferredUntil) {

	}

}

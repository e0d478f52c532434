package dev.switchboard.message;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import tools.jackson.databind.json.JsonMapper;

import dev.switchboard.channel.ChannelService;
import dev.switchboard.channel.ChannelView;
import dev.switchboard.conversation.ContactProfile;
import dev.switchboard.conversation.ConversationService;
import dev.switchboard.conversation.ConversationService.ConversationRef;
import dev.switchboard.conversation.ConversationService.Started;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The one way in for what platforms send: sources translate their payloads into
 * {@link Inbound} events and hand them over here, where each becomes conversations,
 * messages, counters and events in the caller's transaction.
 */
@Service
public class InboundMessages {

	private final MessageRepository messages;

	private final ConversationService conversations;

	private final ChannelService channels;

	private final MessageWrites writes;

	private final ApplicationEventPublisher publisher;

	private final JsonMapper json;

	private final Clock clock;

	InboundMessages(MessageRepository messages, ConversationService conversations, ChannelService channels,
			MessageWrites writes, ApplicationEventPublisher publisher, JsonMapper json, Clock clock) {
		this.messages = messages;
		this.conversations = conversations;
		this.channels = channels;
		this.writes = writes;
		this.publisher = publisher;
		this.json = json;
		this.clock = clock;
	}

	/**
	 * Applies a source's events in order, in one transaction. Events for an account that
	 * is no connected channel are skipped; so is a report on a message the channel does
	 * not know, unless it {@linkplain Inbound.Report#awaitSend awaits the send}.
	 * @return whether any event concerned something here (else the source's event is
	 * {@code IGNORED})
	 * @throws IllegalStateException to have the whole delivery tried again later (a
	 * report or an echo that came before the send it concerns was recorded)
	 */
	@Transactional
	public boolean apply(List<? extends Inbound> events) {
		Map<Inbound.Account, Optional<ChannelView>> channels = new HashMap<>();
		boolean applied = false;
		for (Inbound event : events) {
			Optional<ChannelView> channel = channels.computeIfAbsent(event.account(),
					(account) -> this.channels.findBySourceChannelId(account.source(), account.id())
						.filter(ChannelView::connected));
			if (channel.isPresent()) {
				applied |= apply(channel.get(), event);
			}
		}
		return applied;
	}

	/**
	 * Receives a message on a channel the caller has checked (a chat plugin visitor's),
	 * in a conversation whose id the caller fixed beforehand.
	 * @return the message, or empty when the channel already has its platform id
	 */
	@Transactional
	public Optional<MessageView> receive(ChannelView channel, UUID conversationId, Inbound.Message message) {
		return store(channel, conversationId, message);
	}

	private boolean apply(ChannelView channel, Inbound event) {
		return switch (event) {
			case Inbound.Message message -> {
				store(channel, null, message);
				yield true;
			}
			case Inbound.Report report -> report(channel, report);
			case Inbound.Receipt receipt -> {
				receipt(channel, receipt);
				yield true;
			}
			case Inbound.Annotation annotation -> {
				annotate(channel, annotation);
				yield true;
			}
			case Inbound.Reopen reopen -> {
				Started started = open(channel, null, reopen.contact());
				this.conversations.reopen(started.conversation().id());
				yield true;
			}
		};
	}

	private Optional<MessageView> store(ChannelView channel, UUID conversationId, Inbound.Message message) {
		Started started = open(channel, conversationId, message.contact());
		ConversationRef conversation = started.conversation();
		if (message.sender().type() == Inbound.SenderType.BUSINESS) {
			if (message.sourceMessageId() != null
					&& this.messages.findBySourceId(channel.id(), message.sourceMessageId()).isPresent()) {
				return Optional.empty();
			}
			if (this.messages.sendInFlight(conversation.id())) {
				// an echo without our app id may be our own send, whose platform id comes
				// later
				throw new IllegalStateException("A business message arrived while a send to its contact is in flight");
			}
		}
		Instant now = this.clock.instant();
		MessageRow row = new MessageRow((message.id() != null) ? message.id() : UUID.randomUUID(),
				channel.workspaceId(), conversation.id(), channel.id(), channel.source(),
				message.sender().type().value(),
				(message.sender().id() != null) ? message.sender().id() : conversation.contactId().toString(),
				message.sender().name(), this.json.writeValueAsString(message.content()),
				(message.sourceContent() != null) ? message.sourceContent().toString() : null, "DELIVERED",
				(message.metadata() != null) ? message.metadata().toString() : "{}", message.sourceMessageId(),
				(message.sentAt() != null) ? message.sentAt() : now);
		if (!this.messages.insert(row, now)) {
			return Optional.empty();
		}
		MessageView view = this.writes.created(channel, row);
		if (started.created()) {
			this.publisher.publishEvent(
					new NewContact(conversation.id(), channel.id(), channel.source(), message.contact().id()));
		}
		return Optional.of(view);
	}

	private Started open(ChannelView channel, UUID conversationId, Inbound.Contact contact) {
		return this.conversations.open(channel, conversationId, contact.id(),
				new ContactProfile(contact.name(), null, null, null), contact.placeholder());
	}

	private boolean report(ChannelView channel, Inbound.Report report) {
		Optional<MessageRow> message = this.messages.findBySourceId(channel.id(), report.sourceMessageId());
		if (message.isEmpty()) {
			if (report.awaitSend()) {
				throw new IllegalStateException(
						"No message " + report.sourceMessageId() + " sent on " + channel.source() + " yet");
			}
			return false;
		}
		this.conversations.lock(message.get().conversationId());
		this.messages.report(channel.id(), report.sourceMessageId(), report.report(), this.clock.instant())
			.ifPresent(this.writes::updated);
		return true;
	}

	private void receipt(ChannelView channel, Inbound.Receipt receipt) {
		Optional<ConversationRef> conversation = this.conversations.find(channel.id(), receipt.contactId());
		if (conversation.isEmpty()) {
			return;
		}
		Instant watermark = (receipt.watermark() != null) ? receipt.watermark()
				: this.messages.findBySourceId(channel.id(), receipt.sourceMessageId())
					.map(MessageRow::sentAt)
					.orElse(null);
		if (watermark != null) {
			this.conversations.lock(conversation.get().id());
			this.messages.receiptUpTo(conversation.get().id(), watermark, receipt.read(), this.clock.instant())
				.forEach(this.writes::updated);
		}
	}

	private void annotate(ChannelView channel, Inbound.Annotation annotation) {
		Optional<MessageRow> message = this.messages.findBySourceId(channel.id(), annotation.sourceMessageId());
		if (message.isEmpty()) {
			if (annotation.otherwise() != null) {
				store(channel, null, annotation.otherwise());
			}
			return;
		}
		this.conversations.lock(message.get().conversationId());
		this.messages
			.setMetadata(channel.id(), annotation.sourceMessageId(), annotation.path(), annotation.value().toString(),
					this.clock.instant())
			.ifPresent(this.writes::updated);
	}

	/**
	 * A contact seen for the first time (published in the transaction that stored their
	 * first message), for sources that fetch a profile once.
	 *
	 * @param conversationId the new conversation
	 * @param channelId its channel
	 * @param source the channel's source
	 * @param contactId the contact's platform id
	 */
	public record NewContact(UUID conversationId, UUID channelId, String source, String contactId) {

	}

}

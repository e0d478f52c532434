package dev.switchboard.message;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.switchboard.channel.ChannelService;
import dev.switchboard.channel.ChannelTypes;
import dev.switchboard.channel.ChannelView;
import dev.switchboard.common.error.BadRequestException;
import dev.switchboard.common.error.ConflictException;
import dev.switchboard.common.error.NotFoundException;
import dev.switchboard.common.pagination.Cursor;
import dev.switchboard.common.pagination.Cursors;
import dev.switchboard.common.pagination.KeysetPages;
import dev.switchboard.common.pagination.Page;
import dev.switchboard.common.pagination.PageRequest;
import dev.switchboard.common.security.CurrentMember;
import dev.switchboard.common.security.Member;
import dev.switchboard.conversation.ContactProfile;
import dev.switchboard.conversation.ConversationService;
import dev.switchboard.conversation.ConversationService.ConversationRef;
import dev.switchboard.user.UserService;
import dev.switchboard.user.UserService.UserView;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Messages: listing, sending (the message and its delivery job commit together; the
 * {@link DeliveryWorker} sends it) and resending failed ones. What sources bring in goes
 * through {@link InboundMessages}.
 */
@Service
public class MessageService {

	static final Duration IDEMPOTENCY_WINDOW = Duration.ofHours(24);

	private final MessageRepository messages;

	private final ConversationService conversations;

	private final ChannelService channels;

	private final UserService users;

	private final Map<String, MessageSender> senders;

	private final DeliveryWorker worker;

	private final Cursors cursors;

	private final JsonMapper json;

	private final MessageWrites writes;

	private final MessageRequests requests;

	private final Clock clock;

	MessageService(MessageRepository messages, ConversationService conversations, ChannelService channels,
			UserService users, List<MessageSender> senders, DeliveryWorker worker, Cursors cursors, JsonMapper json,
			MessageWrites writes, MessageRequests requests, Clock clock) {
		this.messages = messages;
		this.conversations = conversations;
		this.channels = channels;
		this.users = users;
		this.senders = senders.stream()
			.collect(Collectors.toUnmodifiableMap(MessageSender::source, Function.identity()));
		this.worker = worker;
		this.cursors = cursors;
		this.json = json;
		this.writes = writes;
		this.requests = requests;
		this.clock = clock;
	}

	/**
	 * A page of a conversation's messages, oldest first ({@code descending}: newest
	 * first).
	 */
	@Transactional(readOnly = true)
	public Page<MessageView> list(UUID conversationId, PageRequest request, boolean descending) {
		return list(this.conversations.ref(conversationId), request, descending);
	}

	/**
	 * A page of the messages of a conversation found beforehand (a visitor's own, say).
	 */
	@Transactional(readOnly = true)
	public Page<MessageView> list(ConversationRef conversation, PageRequest request, boolean descending) {
		UUID conversationId = conversation.id();
		String kind = "messages:" + conversationId + (descending ? ":desc" : ":asc");
		Cursor cursor = request.hasCursor() ? this.cursors.decode(kind, request.cursor()) : null;
		boolean backward = cursor != null && cursor.direction() == Cursor.Direction.BACKWARD;
		Instant afterSentAt = null;
		UUID afterId = null;
		Long carriedTotal = null;
		if (cursor != null) {
			try {
				afterSentAt = Instant.parse(cursor.key().get(0));
				afterId = UUID.fromString(cursor.key().get(1));
				carriedTotal = Long.parseLong(cursor.key().get(2));
			}
			catch (RuntimeException ex) {
				throw new BadRequestException("The cursor is not valid: use a cursor returned by this list.");
			}
		}
		List<MessageRow> rows = this.messages.page(conversationId, afterSentAt, afterId, descending == backward,
				request.size() + 1);
		// counted on the first page only and carried in the cursors
		long total = (carriedTotal != null) ? carriedTotal : this.messages.count(conversationId);
		return KeysetPages
			.page(kind, request, cursor, rows,
					(row) -> List.of(row.sentAt().toString(), row.id().toString(), Long.toString(total)), this.cursors,
					total, total)
			.map(this::view);
	}

	/**
	 * Sends a message as a user or an access key: stores it {@code PENDING} with its
	 * delivery job in one transaction. With an idempotency key seen from the same user
	 * within 24 hours, it returns the first message and sends nothing.
	 */
	@Transactional
	public MessageView send(UUID userId, SendCommand command) {
		UUID messageId = UUID.randomUUID();
		Instant now = this.clock.instant();
		MessageContent content = this.requests.content(command.message());
		ConversationRef conversation = resolveConversation(command);
		this.conversations.lock(conversation.id());
		if (command.idempotencyKey() != null) {
			UUID holder = this.messages.claimIdempotencyKey(conversation.workspaceId(), userId,
					command.idempotencyKey(), messageId, IDEMPOTENCY_WINDOW, now);
			if (!holder.equals(messageId)) {
				return this.messages.find(holder).map(this.writes::view).orElseThrow();
			}
		}
		ChannelView channel = this.channels.find(conversation.channelId());
		if (!channel.connected()) {
			throw new ConflictException("The conversation's channel is disconnected.");
		}
		MessageSender sender = sender(channel.source());
		sender.refuse(content).ifPresent((reason) -> {
			throw new BadRequestException("The " + channel.source() + " source cannot carry this message: " + reason);
		});
		// an access key sends under its own id and name
		Member caller = CurrentMember.get();
		String senderName = caller.isAccessKey() ? caller.accessKey().name() : name(this.users.find(userId));
		boolean payload = content instanceof MessageContent.SourcePayload;
		MessageRow row = new MessageRow(messageId, channel.workspaceId(), conversation.id(), channel.id(),
				channel.source(), "app_user", userId.toString(), senderName,
				this.json.writeValueAsString(payload ? new MessageContent.Unsupported() : content),
				(content instanceof MessageContent.SourcePayload source) ? source.payload().toString() : null,
				"PENDING", "{}", null, now);
		this.messages.insert(row, now);
		this.messages.insertJob(channel.workspaceId(), messageId, now);
		wakeWorkerAfterCommit();
		return this.writes.created(channel, row);
	}

	/**
	 * The typed content of a {@code message} as {@code messages.send} takes it, checked.
	 * @throws dev.switchboard.common.error.BadRequestException when it is malformed
	 */
	public MessageContent content(JsonNode message) {
		return this.requests.content(message);
	}

	/**
	 * Puts a failed message back to {@code PENDING} and delivers it again.
	 * @throws ConflictException when the message has not failed
	 */
	@Transactional
	public MessageView resend(UUID messageId) {
		MessageRow row = this.messages.find(CurrentMember.workspaceId(), messageId)
			.orElseThrow(() -> new NotFoundException("No such message."));
		// the message's conversation must be one the member sees
		this.conversations.ref(row.conversationId());
		this.conversations.lock(row.conversationId());
		Instant now = this.clock.instant();
		if (!this.messages.markPendingIfFailed(messageId, now)) {
			throw new ConflictException(
					"Only a FAILED message can be resent; this one is " + row.deliveryState() + ".");
		}
		this.messages.insertJob(row.workspaceId(), messageId, now);
		wakeWorkerAfterCommit();
		return this.writes.updated(messageId).orElseThrow();
	}

	private ConversationRef resolveConversation(SendCommand command) {
		if (command.conversationId() != null) {
			return this.conversations.ref(command.conversationId());
		}
		if ((command.channelId() == null && command.channelType() == null) || command.sourceRecipientId() == null) {
			throw new BadRequestException("Give conversation_id, or channel_id and source_recipient_id.");
		}
		// a channel type names the workspace's default account of that type (seed 002)
		ChannelView channel = (command.channelId() != null) ? this.channels.find(command.channelId())
				: this.channels.defaultChannel(ChannelTypes.source(command.channelType()));
		// an agent outside the channel's division sees none of its conversations
		if (!CurrentMember.get().sees(channel.divisionId())) {
			throw new NotFoundException("No such channel.");
		}
		if (!channel.connected()) {
			throw new ConflictException("The channel is disconnected.");
		}
		if (!sender(channel.source()).canStartConversations()) {
			throw new BadRequestException(
					"The " + channel.source() + " source cannot start conversations: the contact has to write first.");
		}
		return this.conversations
			.open(channel, null, command.sourceRecipientId(), ContactProfile.named(command.sourceRecipientId()), null)
			.conversation();
	}

	private MessageSender sender(String source) {
		MessageSender sender = this.senders.get(source);
		if (sender == null) {
			throw new BadRequestException("Messages cannot be sent on the " + source + " source.");
		}
		return sender;
	}

	private void wakeWorkerAfterCommit() {
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				MessageService.this.worker.wake();
			}
		});
	}

	private MessageView view(MessageRow row) {
		return this.writes.view(row);
	}

	private static String name(UserView user) {
		String name = ((user.firstName() != null) ? user.firstName() : "") + " "
				+ ((user.lastName() != null) ? user.lastName() : "");
		return name.isBlank() ? null : name.trim();
	}

	/**
	 * A send request.
	 *
	 * @param conversationId the conversation, or {@code null} to start one
	 * @param channelId the channel of a new conversation
	 * @param channelType instead of the channel, its type ({@code whatsapp}): the
	 * workspace's default account of it
	 * @param sourceRecipientId the contact's platform id for a new conversation
	 * @param message the message ({@code text}, {@code attachment}, {@code template} or
	 * {@code source_payload})
	 * @param idempotencyKey the idempotency key, or {@code null}
	 */
	public record SendCommand(UUID conversationId, UUID channelId, String channelType, String sourceRecipientId,
			JsonNode message, String idempotencyKey) {

		/** A send that names its channel by id (or its conversation). */
		public SendCommand(UUID conversationId, UUID channelId, String sourceRecipientId, JsonNode message,
				String idempotencyKey) {
			this(conversationId, channelId, null, sourceRecipientId, message, idempotencyKey);
		}

	}

}

package dev.switchboard.message;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

import org.springframework.beans.factory.ObjectProvider;
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

	private final ObjectProvider<MessageTemplates> templates;

	private final Interactions interactions;

	private final OwnMedia ownMedia;

	private final Clock clock;

	MessageService(MessageRepository messages, ConversationService conversations, ChannelService channels,
			UserService users, List<MessageSender> senders, DeliveryWorker worker, Cursors cursors, JsonMapper json,
			MessageWrites writes, MessageRequests requests, ObjectProvider<MessageTemplates> templates,
			Interactions interactions, OwnMedia ownMedia, Clock clock) {
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
		this.templates = templates;
		this.interactions = interactions;
		this.ownMedia = ownMedia;
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
		MessageTemplates.SavedMessage template = template(command.message());
		MessageContent content = (template != null) ? this.requests.content(template.message())
				: this.requests.content(command.message());
		ConversationRef conversation = resolveConversation(command);
		this.conversations.lock(conversation.id());
		if (command.idempotencyKey() != null) {
			UUID holder = this.messages.claimIdempotencyKey(conversation.workspaceId(), userId,
					command.idempotencyKey(), messageId, IDEMPOTENCY_WINDOW, now);
			if (!holder.equals(messageId)) {
				return this.messages.find(holder).map(this.writes::view).orElseThrow();
			}
		}
		// the conversation is the caller's, so its channel is of the caller's workspace:
		// read
		// from the cache that a change of the channel clears
		ChannelView channel = Optional
			.ofNullable(this.channels.findAll(List.of(conversation.channelId())).get(conversation.channelId()))
			.orElseThrow(() -> new NotFoundException("No such channel."));
		if (!channel.connected()) {
			throw new ConflictException("The conversation's channel is disconnected.");
		}
		if (template != null && template.source() != null && !template.source().equals(channel.source())) {
			throw new BadRequestException("message.template_id: the template is for the " + template.source()
					+ " source, and this conversation is on " + channel.source() + ".");
		}
		this.ownMedia.require(channel, content);
		MessageSender sender = sender(channel.source());
		sender.refuse(content).ifPresent((reason) -> {
			throw new BadRequestException("The " + channel.source() + " source cannot carry this message: " + reason);
		});
		// an access key sends under its own id and name; a user is the caller, whose
		// membership the authentication has checked
		Member caller = CurrentMember.get();
		String senderName = caller.isAccessKey() ? caller.accessKey().name() : this.users.displayName(userId);
		boolean payload = content instanceof MessageContent.SourcePayload;
		MessageRow row = new MessageRow(messageId, channel.workspaceId(), conversation.id(), channel.id(),
				channel.source(), "app_user", userId.toString(), senderName,
				this.json.writeValueAsString(payload ? new MessageContent.Unsupported() : content),
				(content instanceof MessageContent.SourcePayload source) ? source.payload().toString() : null,
				"PENDING",
				(command.reference() != null)
						? this.json.createObjectNode().put("reference", command.reference()).toString() : "{}",
				null, now);
		this.messages.insert(row, now);
		this.messages.insertJob(channel.workspaceId(), messageId, now);
		wakeWorkerAfterCommit();
		return this.writes.created(channel, row);
	}

	/**
	 * A page of a channel's messages, newest first, as the Channels API lists them.
	 * @param limit the page size
	 * @param pageToken the token of the page before, or {@code null} for the first
	 * @throws NotFoundException for a channel the caller cannot see
	 * @throws BadRequestException for a token this list did not issue (or issued for
	 * other filters)
	 */
	@Transactional(readOnly = true)
	public ChannelPage listOnChannel(UUID channelId, ChannelQuery query, int limit, String pageToken) {
		ChannelView channel = visibleChannel(channelId);
		String kind = "channel-messages:" + channel.id() + ":" + Cursors.fingerprint(query.fingerprint());
		Instant afterSentAt = null;
		UUID afterId = null;
		if (pageToken != null && !pageToken.isEmpty()) {
			Cursor cursor = this.cursors.decode(kind, pageToken);
			try {
				afterSentAt = Instant.parse(cursor.key().get(0));
				afterId = UUID.fromString(cursor.key().get(1));
			}
			catch (RuntimeException ex) {
				throw new BadRequestException("The page token is not valid: use a token returned by this list.");
			}
		}
		List<MessageRepository.ChannelRow> rows = this.messages.channelPage(channel.workspaceId(), channel.id(), query,
				afterSentAt, afterId, limit + 1);
		String next = null;
		if (rows.size() > limit) {
			rows = rows.subList(0, limit);
			MessageRow last = rows.get(limit - 1).row();
			next = this.cursors.encode(new Cursor(kind, Cursor.Direction.FORWARD,
					List.of(last.sentAt().toString(), last.id().toString())));
		}
		return new ChannelPage(rows.stream().map(this::channelMessage).toList(), next);
	}

	/**
	 * A message of a channel, as the Channels API shows it.
	 * @throws NotFoundException for a channel or message the caller cannot see
	 */
	@Transactional(readOnly = true)
	public ChannelMessage findOnChannel(UUID channelId, UUID messageId) {
		ChannelView channel = visibleChannel(channelId);
		return this.messages.findOnChannel(channel.workspaceId(), channel.id(), messageId)
			.map(this::channelMessage)
			.orElseThrow(() -> new NotFoundException("No such message."));
	}

	/**
	 * Sends a message on a channel to a contact as {@code messages.send} with
	 * {@code channel_id} and {@code source_recipient_id} does (same outbox, same
	 * idempotency), and shows it as the Channels API does.
	 */
	@Transactional
	public ChannelMessage sendOnChannel(UUID userId, UUID channelId, String recipientId, JsonNode message,
			String idempotencyKey, String reference) {
		MessageView sent = send(userId,
				new SendCommand(null, channelId, null, recipientId, message, idempotencyKey, reference));
		return findOnChannel(channelId, sent.id());
	}

	/**
	 * The interactions of a message of a channel, in the order they were reported.
	 * @throws NotFoundException for a channel or message the caller cannot see
	 */
	@Transactional(readOnly = true)
	public List<Interaction> interactions(UUID channelId, UUID messageId) {
		return this.interactions.of(findOnChannel(channelId, messageId).message().id());
	}

	private ChannelView visibleChannel(UUID channelId) {
		ChannelView channel = this.channels.find(channelId);
		if (!CurrentMember.get().sees(channel.divisionId())) {
			throw new NotFoundException("No such channel.");
		}
		return channel;
	}

	private ChannelMessage channelMessage(MessageRepository.ChannelRow channelRow) {
		MessageRow row = channelRow.row();
		MessageView view = view(row);
		JsonNode source = view.metadata().path("source");
		String statusAt = switch (channelRow.status()) {
			case "read" -> source.path("read_at").asString(null);
			case "delivered" ->
				"source_contact".equals(row.senderType()) ? null : source.path("delivered_at").asString(null);
			default -> null;
		};
		Instant lastStatusAt = (statusAt != null) ? Instant.parse(statusAt) : channelRow.updatedAt();
		String reason = "sending_failed".equals(channelRow.status()) ? view.metadata().path("error").asString(null)
				: null;
		return new ChannelMessage(view, row.channelId(),
				"source_contact".equals(row.senderType()) ? "incoming" : "outgoing", channelRow.status(), reason,
				channelRow.recipientId(), channelRow.updatedAt(), lastStatusAt);
	}

	/**
	 * A page of a channel's messages.
	 *
	 * @param results the messages, newest first
	 * @param nextPageToken the token of the next page, or {@code null} on the last
	 */
	public record ChannelPage(List<ChannelMessage> results, String nextPageToken) {

	}

	/**
	 * The typed content of a {@code message} as {@code messages.send} takes it, checked.
	 * @throws dev.switchboard.common.error.BadRequestException when it is malformed
	 */
	public MessageContent content(JsonNode message) {
		return this.requests.content(message);
	}

	/**
	 * The typed content of a message saved for later ({@code content} of a template),
	 * checked, and checked against what the source can carry.
	 * @param source the source it is for, or {@code null} for any source
	 * @param field the request field the message is in, which errors name
	 * @throws BadRequestException when it is malformed, the source is unknown or cannot
	 * carry it
	 */
	public MessageContent content(String source, JsonNode message, String field) {
		MessageContent content = this.requests.content(message, field);
		if (source != null) {
			sender(source).refuse(content).ifPresent((reason) -> {
				throw new BadRequestException(
						field + ": the " + source + " source cannot carry this message: " + reason);
			});
		}
		return content;
	}

	/**
	 * The caller's template that a {@code {template_id}} message names, or {@code null}
	 * for any other message.
	 */
	private MessageTemplates.SavedMessage template(JsonNode message) {
		JsonNode id = (message != null && message.isObject()) ? message.get("template_id") : null;
		if (id == null) {
			return null;
		}
		if (message.size() > 1) {
			throw new BadRequestException("message: a template_id is sent alone, without other fields");
		}
		UUID templateId;
		try {
			templateId = UUID.fromString(id.isString() ? id.asString() : "");
		}
		catch (IllegalArgumentException ex) {
			throw new BadRequestException("message.template_id: must be a UUID");
		}
		MessageTemplates templates = this.templates.getIfAvailable();
		return Optional.ofNullable(templates)
			.flatMap((found) -> found.find(CurrentMember.workspaceId(), templateId))
			.orElseThrow(() -> new NotFoundException("No such template."));
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
	 * @param reference the client's own reference, kept as {@code metadata.reference}, or
	 * {@code null}
	 */
	public record SendCommand(UUID conversationId, UUID channelId, String channelType, String sourceRecipientId,
			JsonNode message, String idempotencyKey, String reference) {

		/** A send that names its channel by id (or its conversation). */
		public SendCommand(UUID conversationId, UUID channelId, String sourceRecipientId, JsonNode message,
				String idempotencyKey) {
			this(conversationId, channelId, null, sourceRecipientId, message, idempotencyKey, null);
		}

	}

}

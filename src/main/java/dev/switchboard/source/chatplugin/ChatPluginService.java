package dev.switchboard.source.chatplugin;

import java.util.List;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

import dev.switchboard.channel.ChannelService;
import dev.switchboard.channel.ChannelView;
import dev.switchboard.common.error.BadRequestException;
import dev.switchboard.common.error.NotFoundException;
import dev.switchboard.common.error.TooManyRequestsException;
import dev.switchboard.common.error.UnauthorizedException;
import dev.switchboard.common.pagination.Page;
import dev.switchboard.common.pagination.PageRequest;
import dev.switchboard.conversation.ConversationService;
import dev.switchboard.message.Inbound;
import dev.switchboard.message.InboundMessages;
import dev.switchboard.message.MessageContent;
import dev.switchboard.message.MessageService;
import dev.switchboard.message.MessageView;
import dev.switchboard.source.chatplugin.VisitorTokens.Visitor;

import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The visitor's side of the chat plugin: starting or resuming a conversation, sending,
 * reading it. A visitor's conversation exists from their first message on, so page views
 * without a message leave nothing in the inbox. Authentications are limited per client
 * address on each instance, new conversations per address and per channel on all
 * instances together.
 */
@Service
class ChatPluginService {

	static final int HISTORY_SIZE = 100;

	private final ChannelService channels;

	private final ConversationService conversations;

	private final MessageService messages;

	private final InboundMessages inbound;

	private final VisitorTokens tokens;

	private final VisitorRateLimiter rateLimiter;

	private final ConversationStarts starts;

	ChatPluginService(ChannelService channels, ConversationService conversations, MessageService messages,
			InboundMessages inbound, VisitorTokens tokens, VisitorRateLimiter rateLimiter, ConversationStarts starts) {
		this.channels = channels;
		this.conversations = conversations;
		this.messages = messages;
		this.inbound = inbound;
		this.tokens = tokens;
		this.rateLimiter = rateLimiter;
		this.starts = starts;
	}

	/**
	 * Starts a new visitor on a connected chat plugin channel; stores nothing.
	 * @param address the client address
	 * ({@link dev.switchboard.common.web.ClientAddress})
	 * @throws TooManyRequestsException when the address authenticates too often
	 */
	Session start(UUID channelId, String address) {
		this.rateLimiter.acquireAuthentication(address);
		connectedChannel(channelId);
		return session(new Visitor(UUID.randomUUID(), channelId));
	}

	/**
	 * Resumes a visitor's conversation with a resume token.
	 * @param address the client address
	 * @throws TooManyRequestsException when the address authenticates too often
	 */
	@Transactional(readOnly = true)
	Session resume(String resumeToken, String address) {
		this.rateLimiter.acquireAuthentication(address);
		Visitor visitor;
		try {
			visitor = this.tokens.resume(resumeToken);
		}
		catch (JwtException ex) {
			throw new UnauthorizedException("The resume token is invalid or expired.");
		}
		connectedChannel(visitor.channelId());
		return session(visitor);
	}

	/**
	 * Stores a visitor's message in their conversation, starting it on the first message.
	 * @param address the client address, which a first message counts for
	 * @throws TooManyRequestsException when the visitor sends too fast, or a first
	 * message would start more conversations than the address or the channel may
	 */
	@Transactional
	MessageView send(Visitor visitor, JsonNode message, String address) {
		this.rateLimiter.acquire(visitor.conversationId());
		MessageContent content = this.messages.content(message);
		if (!(content instanceof MessageContent.Text || content instanceof MessageContent.Media)) {
			throw new BadRequestException("message: a visitor sends text or an attachment");
		}
		ChannelView channel = connectedChannel(visitor.channelId());
		if (this.conversations.lookup(visitor.conversationId()).isEmpty()) {
			// checked again under the lock: a concurrent first message may have started
			// it
			this.starts.lock(visitor.channelId());
			if (this.conversations.lookup(visitor.conversationId()).isEmpty()) {
				this.starts.acquire(visitor.channelId(), address);
			}
		}
		Inbound.Contact contact = new Inbound.Contact(visitor.conversationId().toString(), null, displayName(visitor));
		return this.inbound
			.receive(channel, visitor.conversationId(),
					new Inbound.Message(new Inbound.Account(channel.source(), channel.sourceChannelId()), contact,
							Inbound.Sender.contact(), null, content, null, null))
			.orElseThrow();
	}

	@Transactional(readOnly = true)
	Page<MessageView> messages(Visitor visitor, PageRequest request) {
		return this.conversations.lookup(visitor.conversationId())
			.map((conversation) -> this.messages.list(conversation, request, false))
			.orElseGet(() -> new Page<>(List.of(), new Page.ResponseMetadata("", "", 0, 0)));
	}

	/**
	 * The latest messages of the visitor's conversation, oldest first.
	 */
	private List<MessageView> latest(Visitor visitor) {
		return this.conversations.lookup(visitor.conversationId())
			.map((conversation) -> this.messages.list(conversation, new PageRequest(null, HISTORY_SIZE), true)
				.data()
				.reversed())
			.orElse(List.of());
	}

	String resumeToken(Visitor visitor) {
		return this.tokens.resumeToken(visitor);
	}

	private Session session(Visitor visitor) {
		List<MessageView> history = latest(visitor);
		return new Session(this.tokens.visitorToken(visitor), this.tokens.resumeToken(visitor),
				visitor.conversationId(), history);
	}

	private ChannelView connectedChannel(UUID channelId) {
		try {
			ChannelView channel = this.channels.get(channelId);
			if (channel.connected() && ChatPluginConnector.SOURCE.equals(channel.source())) {
				return channel;
			}
		}
		catch (NotFoundException ex) {
			// answered below, alike for unknown and disconnected channels
		}
		throw new NotFoundException("No connected chat plugin channel with this id.");
	}

	private static String displayName(Visitor visitor) {
		String id = visitor.conversationId().toString();
		return "Website visitor " + id.substring(id.length() - 5);
	}

	/**
	 * What {@code chatplugin.authenticate} answers.
	 *
	 * @param token the visitor token
	 * @param resumeToken a token to resume the conversation later
	 * @param conversationId the visitor's conversation
	 * @param messages the conversation so far, oldest first
	 */
	record Session(String token, String resumeToken, UUID conversationId, List<MessageView> messages) {
	}

}

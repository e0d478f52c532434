package dev.switchboard.source.whatsapp;

import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import dev.switchboard.channel.ChannelService;
import dev.switchboard.common.pagination.PageRequest;
import dev.switchboard.conversation.ConversationRead;
import dev.switchboard.conversation.ConversationService;
import dev.switchboard.conversation.ConversationService.ConversationRef;
import dev.switchboard.message.MessageService;
import dev.switchboard.message.MessageView;
import dev.switchboard.source.meta.GraphException;

import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * When an agent reads a WhatsApp conversation, marks its latest inbound message read on
 * WhatsApp (the contact sees blue ticks), after the commit and off the request thread.
 */
@Component
class WhatsAppReadMarks {

	private static final Logger log = LoggerFactory.getLogger(WhatsAppReadMarks.class);

	private final ConversationService conversations;

	private final MessageService messages;

	private final ChannelService channels;

	private final WhatsAppGraph graph;

	WhatsAppReadMarks(ConversationService conversations, MessageService messages, ChannelService channels,
			WhatsAppGraph graph) {
		this.conversations = conversations;
		this.messages = messages;
		this.channels = channels;
		this.graph = graph;
	}

	@Async
	@TransactionalEventListener
	void markRead(ConversationRead read) {
		ConversationRef conversation = this.conversations.get(read.conversationId());
		if (!WhatsAppConnector.SOURCE.equals(conversation.source())) {
			return;
		}
		Optional<String> wamid = latestInbound(conversation);
		String token = WhatsAppConnector.token(this.channels.credentials(conversation.channelId()));
		if (wamid.isEmpty() || token == null) {
			return;
		}
		try {
			this.graph.markRead(this.channels.get(conversation.channelId()).sourceChannelId(), token, wamid.get());
		}
		catch (GraphException ex) {
			// a missed read mark only costs the contact a blue tick
			log.info("Could not mark a WhatsApp conversation read: {}", ex.getMessage());
		}
	}

	private Optional<String> latestInbound(ConversationRef conversation) {
		return this.messages.list(conversation, PageRequest.first(), true)
			.data()
			.stream()
			.filter((message) -> "source_contact".equals(message.senderType()))
			.map(MessageView::sourceContent)
			.filter((raw) -> raw != null)
			.map((JsonNode raw) -> raw.path("id").asString(null))
			.filter((id) -> id != null)
			.findFirst();
	}

}

package dev.switchboard;

import java.time.Instant;
import java.util.UUID;

import tools.jackson.databind.node.JsonNodeFactory;

import dev.switchboard.channel.ChannelService;
import dev.switchboard.channel.ChannelView;
import dev.switchboard.conversation.ContactProfile;
import dev.switchboard.conversation.ConversationService;
import dev.switchboard.conversation.ConversationService.ConversationRef;
import dev.switchboard.message.InboundMessage;
import dev.switchboard.message.MessageService;
import dev.switchboard.message.MessageView;

/**
 * Makes conversations in tests the way a source does: a contact writes on a channel.
 */
public final class Conversations {

	private final ChannelService channels;

	private final ConversationService conversations;

	private final MessageService messages;

	public Conversations(ChannelService channels, ConversationService conversations, MessageService messages) {
		this.channels = channels;
		this.conversations = conversations;
		this.messages = messages;
	}

	/**
	 * A connected channel of the fake source.
	 */
	public ChannelView channel(String accountId) {
		return this.channels.connect(new FakeSource.Connector(), new FakeSource.Connector.Request(accountId, "token"));
	}

	/**
	 * A contact's message, opening the conversation if needed.
	 */
	public MessageView inbound(ChannelView channel, String contact, String displayName, String text, Instant sentAt) {
		ConversationRef conversation = this.conversations.open(channel, contact, ContactProfile.named(displayName));
		return this.messages
			.receive(conversation,
					new InboundMessage(InboundMessage.SenderType.CONTACT, null, null, "mid-" + UUID.randomUUID(),
							JsonNodeFactory.instance.objectNode().put("type", "text").put("text", text), null, sentAt))
			.orElseThrow();
	}

}

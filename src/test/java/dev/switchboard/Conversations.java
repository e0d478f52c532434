package dev.switchboard;

import java.time.Instant;
import java.util.UUID;

import dev.switchboard.channel.ChannelService;
import dev.switchboard.channel.ChannelView;
import dev.switchboard.message.Inbound;
import dev.switchboard.message.InboundMessages;
import dev.switchboard.message.MessageContent;
import dev.switchboard.message.MessageView;

/**
 * Makes conversations in tests the way a source does: a contact writes on a channel.
 */
public final class Conversations {

	private final ChannelService channels;

	private final InboundMessages inbound;

	public Conversations(ChannelService channels, InboundMessages inbound) {
		this.channels = channels;
		this.inbound = inbound;
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
		return this.inbound
			.receive(channel, null,
					new Inbound.Message(new Inbound.Account(channel.source(), channel.sourceChannelId()),
							Inbound.Contact.named(contact, displayName), Inbound.Sender.contact(),
							"mid-" + UUID.randomUUID(), new MessageContent.Text(text), null, sentAt))
			.orElseThrow();
	}

}

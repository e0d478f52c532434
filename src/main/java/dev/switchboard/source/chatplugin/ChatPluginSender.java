package dev.switchboard.source.chatplugin;

import java.util.Optional;
import java.util.Set;

import dev.switchboard.message.MessageSender;
import dev.switchboard.message.OutboundMessage;
import dev.switchboard.message.SendResult;

import org.springframework.stereotype.Component;

/**
 * Agent replies to visitors: the message is stored where the visitor reads it
 * ({@code chatplugin.messages} and the visitor's WebSocket), so it is delivered as soon
 * as it is stored.
 */
@Component
class ChatPluginSender implements MessageSender {

	private static final Set<String> CARRIED = Set.of("text", "image", "video", "audio", "file", "source_payload");

	@Override
	public String source() {
		return ChatPluginConnector.SOURCE;
	}

	@Override
	public Optional<String> refuse(OutboundMessage.Content content) {
		return CARRIED.contains(content.type()) ? Optional.empty()
				: Optional.of("the chat plugin shows text, attachments and source payloads only");
	}

	@Override
	public SendResult send(OutboundMessage message) {
		return new SendResult.Delivered(null);
	}

}

package dev.switchboard.source.chatplugin;

import java.util.Optional;

import dev.switchboard.message.MessageContent;
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

	@Override
	public String source() {
		return ChatPluginConnector.SOURCE;
	}

	@Override
	public Optional<String> refuse(MessageContent content) {
		return switch (content) {
			case MessageContent.Text text -> Optional.empty();
			case MessageContent.Media media -> Optional.empty();
			case MessageContent.SourcePayload payload -> Optional.empty();
			case MessageContent.Location location -> refusal();
			case MessageContent.Postback postback -> refusal();
			case MessageContent.Template template -> refusal();
			case MessageContent.Unsupported unsupported -> refusal();
		};
	}

	private static Optional<String> refusal() {
		return Optional.of("the chat plugin shows text, attachments and source payloads only");
	}

	@Override
	public SendResult send(OutboundMessage message) {
		return new SendResult.Delivered(null);
	}

}

package dev.switchboard.source.whatsapp;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.switchboard.channel.ChannelService;
import dev.switchboard.message.MessageContent;
import dev.switchboard.message.MessageSender;
import dev.switchboard.message.OutboundMessage;
import dev.switchboard.message.SendResult;
import dev.switchboard.source.meta.GraphException;

import org.springframework.stereotype.Component;

/**
 * Sends through {@code /{phone_number_id}/messages}: text, media by link, templates and
 * source payloads; sorts Graph's errors into retry or fail.
 */
@Component
class WhatsAppSender implements MessageSender {

	private final WhatsAppGraph graph;

	private final ChannelService channels;

	private final JsonMapper json;

	WhatsAppSender(WhatsAppGraph graph, ChannelService channels, JsonMapper json) {
		this.graph = graph;
		this.channels = channels;
		this.json = json;
	}

	@Override
	public String source() {
		return WhatsAppConnector.SOURCE;
	}

	/**
	 * Templates may open a conversation with a number that has not written.
	 */
	@Override
	public boolean canStartConversations() {
		return true;
	}

	@Override
	public SendResult send(OutboundMessage message) {
		String token = WhatsAppConnector.token(this.channels.credentials(message.channelId()));
		if (token == null) {
			return new SendResult.Failed("The channel has no token; reconnect it.", null);
		}
		try {
			return new SendResult.Delivered(
					this.graph.send(message.sourceChannelId(), token, body(message.recipientId(), message.content())));
		}
		catch (GraphException ex) {
			return failure(ex, message);
		}
	}

	private JsonNode body(String to, MessageContent content) {
		ObjectNode body = this.json.createObjectNode();
		if (content instanceof MessageContent.SourcePayload payload) {
			body.setAll((ObjectNode) payload.payload());
		}
		body.put("messaging_product", "whatsapp");
		if (!body.has("recipient_type")) {
			body.put("recipient_type", "individual");
		}
		if (!body.has("to")) {
			body.put("to", to);
		}
		switch (content) {
			case MessageContent.Text text ->
				body.put("type", "text").putObject("text").put("body", text.text()).put("preview_url", false);
			case MessageContent.Template template -> body.put("type", "template").set("template", template.template());
			case MessageContent.Media media -> {
				String type = (media instanceof MessageContent.File) ? "document" : media.type();
				ObjectNode object = body.put("type", type).putObject(type).put("link", media.url());
				if (media.text() != null && !(media instanceof MessageContent.Audio)) {
					object.put("caption", media.text());
				}
				if (media.name() != null && media instanceof MessageContent.File) {
					object.put("filename", media.name());
				}
			}
			case MessageContent.SourcePayload payload -> {
				// the platform's own message object, taken as it is above
			}
			case MessageContent.Location location -> throw unsendable(location);
			case MessageContent.Postback postback -> throw unsendable(postback);
			case MessageContent.Unsupported unsupported -> throw unsendable(unsupported);
		}
		return body;
	}

	private static IllegalArgumentException unsendable(MessageContent content) {
		return new IllegalArgumentException("WhatsApp cannot send " + content.type() + " content");
	}

	private SendResult failure(GraphException ex, OutboundMessage message) {
		if (ex.code() == 131047) {
			return new SendResult.Failed("Outside WhatsApp's 24-hour customer service window: the contact has not"
					+ " written for over a day, so only an approved template can be sent now (" + ex.describe() + ").",
					ex.error());
		}
		if (ex.isInvalidToken()) {
			this.channels.flagNeedsReconnect(message.channelId());
			return new SendResult.Failed("WhatsApp rejected the token; reconnect the channel (" + ex.describe() + ").",
					ex.error());
		}
		if (ex.isTransient()) {
			return new SendResult.Retry("WhatsApp is unavailable or rate limiting: " + ex.describe(), ex.retryAfter());
		}
		return new SendResult.Failed("WhatsApp refused the message: " + ex.describe(), ex.error());
	}

}

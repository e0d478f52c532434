package dev.switchboard.source.facebook;

import java.util.Optional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.switchboard.channel.ChannelService;
import dev.switchboard.message.MessageContent;
import dev.switchboard.message.MessageSender;
import dev.switchboard.message.OutboundMessage;
import dev.switchboard.message.SendResult;
import dev.switchboard.source.meta.GraphException;

/**
 * Sends through the Messenger (or Instagram) Send API as a reply
 * ({@code messaging_type: RESPONSE}) with the page token, and sorts Graph's errors into
 * retry or fail.
 */
class MessengerSender implements MessageSender {

	private final String source;

	private final FacebookGraph graph;

	private final ChannelService channels;

	private final JsonMapper json;

	MessengerSender(String source, FacebookGraph graph, ChannelService channels, JsonMapper json) {
		this.source = source;
		this.graph = graph;
		this.channels = channels;
		this.json = json;
	}

	@Override
	public String source() {
		return this.source;
	}

	@Override
	public Optional<String> refuse(MessageContent content) {
		return switch (content) {
			case MessageContent.Text text -> Optional.empty();
			case MessageContent.SourcePayload payload -> Optional.empty();
			case MessageContent.Media media -> (media.text() != null)
					? Optional.of("an attachment cannot carry a caption here; send the text as its own message")
					: Optional.empty();
			case MessageContent.Location location -> refusal();
			case MessageContent.Postback postback -> refusal();
			case MessageContent.Template template -> refusal();
			case MessageContent.Unsupported unsupported -> refusal();
		};
	}

	private static Optional<String> refusal() {
		return Optional.of("it sends text, attachments (image, video, audio, file) and source payloads");
	}

	@Override
	public SendResult send(OutboundMessage message) {
		String token = this.channels.credentials(message.channelId()).get("page_token");
		if (token == null) {
			return new SendResult.Failed("The channel has no page token; reconnect it.", null);
		}
		ObjectNode body = this.json.createObjectNode();
		body.putObject("recipient").put("id", message.recipientId());
		body.put("messaging_type", "RESPONSE");
		body.set("message", messageObject(message.content()));
		try {
			return new SendResult.Delivered(this.graph.send(token, body));
		}
		catch (GraphException ex) {
			return failure(ex, message);
		}
	}

	/** The Send API's message object; {@link #refuse} has turned away the rest. */
	private JsonNode messageObject(MessageContent content) {
		return switch (content) {
			case MessageContent.SourcePayload payload -> payload.payload();
			case MessageContent.Media media -> {
				ObjectNode message = this.json.createObjectNode();
				ObjectNode attachment = message.putObject("attachment").put("type", media.type());
				attachment.putObject("payload").put("url", media.url()).put("is_reusable", true);
				yield message;
			}
			case MessageContent.Text text -> this.json.createObjectNode().put("text", text.text());
			case MessageContent.Location location -> unsendable(location);
			case MessageContent.Postback postback -> unsendable(postback);
			case MessageContent.Template template -> unsendable(template);
			case MessageContent.Unsupported unsupported -> unsendable(unsupported);
		};
	}

	private static JsonNode unsendable(MessageContent content) {
		throw new IllegalArgumentException("Messenger cannot send " + content.type() + " content");
	}

	private SendResult failure(GraphException ex, OutboundMessage message) {
		if (ex.code() == 10 && (ex.subcode() == 2018278 || ex.subcode() == 2018108)) {
			return new SendResult.Failed("Outside the 24-hour messaging window: the contact has not written for over"
					+ " a day, so only a template or a tagged message can reach them now (" + ex.describe() + ").",
					ex.error());
		}
		if (ex.isInvalidToken()) {
			this.channels.flagNeedsReconnect(message.channelId());
			return new SendResult.Failed(
					"Facebook rejected the page token; reconnect the channel (" + ex.describe() + ").", ex.error());
		}
		if (ex.isTransient()) {
			return new SendResult.Retry("Facebook is unavailable or rate limiting: " + ex.describe(), ex.retryAfter());
		}
		return new SendResult.Failed("Facebook refused the message: " + ex.describe(), ex.error());
	}

}

package dev.switchboard.source.google;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.UUID;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.switchboard.channel.ChannelService;
import dev.switchboard.channel.ChannelView;
import dev.switchboard.conversation.ContactProfile;
import dev.switchboard.conversation.ConversationService;
import dev.switchboard.conversation.ConversationService.Started;
import dev.switchboard.message.DeliveryReport;
import dev.switchboard.message.InboundMessage;
import dev.switchboard.message.MessageService;
import dev.switchboard.source.inbox.WebhookEvent;
import dev.switchboard.source.inbox.LegacyWebhookHandler;

import org.springframework.stereotype.Component;

/**
 * Processes stored {@code /google} events. The channel is the agent
 * ({@code brands/…/agents/<id>}), the contact the Business Messages conversation.
 * <p>
 * {@code message} becomes a text or image message (platform id {@code messageId});
 * {@code suggestionResponse} a postback (platform id {@code suggestion:<requestId>});
 * {@code userStatus.requestedLiveAgent} reopens the conversation; {@code receipts} set
 * {@code delivered_at}/{@code read_at} on our messages, which Google knows by the
 * {@code messageId} we gave (our message id). Typing and other events are ignored.
 */
@Component
class GoogleWebhookHandler implements LegacyWebhookHandler {

	static final String SOURCE = "google";

	/** Retries for a receipt that arrives before its send was recorded. */
	static final int RECEIPT_ATTEMPTS = 4;

	private static final JsonNodeFactory nodes = JsonNodeFactory.instance;

	private final ChannelService channels;

	private final ConversationService conversations;

	private final MessageService messages;

	private final JsonMapper json;

	GoogleWebhookHandler(ChannelService channels, ConversationService conversations, MessageService messages,
			JsonMapper json) {
		this.channels = channels;
		this.conversations = conversations;
		this.messages = messages;
		this.json = json;
	}

	@Override
	public String source() {
		return SOURCE;
	}

	@Override
	public Outcome handle(WebhookEvent event) {
		JsonNode body;
		try {
			body = this.json.readTree(event.body());
		}
		catch (JacksonException ex) {
			return Outcome.IGNORED;
		}
		String agent = body.path("agent").asString("");
		String conversationId = body.path("conversationId").asString("");
		Optional<ChannelView> channel = this.channels
			.findBySourceChannelId(GoogleConnector.SOURCE, agent.substring(agent.lastIndexOf('/') + 1))
			.filter(ChannelView::connected);
		if (channel.isEmpty() || conversationId.isBlank()) {
			return Outcome.IGNORED;
		}
		if (body.has("receipts")) {
			return receipts(channel.get(), body.path("receipts"), event);
		}
		if (body.has("message")) {
			JsonNode message = body.path("message");
			return receive(channel.get(), conversationId, body, message.path("messageId").asString(null),
					content(message), time(message.path("createTime"), body));
		}
		if (body.has("suggestionResponse")) {
			JsonNode response = body.path("suggestionResponse");
			ObjectNode postback = nodes.objectNode()
				.put("type", "postback")
				.put("payload", response.path("postbackData").asString(""));
			if (response.path("text").isString()) {
				postback.put("text", response.path("text").asString());
			}
			String id = body.path("requestId").asString(response.path("message").asString(null));
			return receive(channel.get(), conversationId, body, (id != null) ? "suggestion:" + id : null, postback,
					time(response.path("createTime"), body));
		}
		if (body.path("userStatus").path("requestedLiveAgent").asBoolean(false)) {
			Started started = start(channel.get(), conversationId, body);
			this.conversations.setState(started.conversation().id(), "OPEN");
			return Outcome.DONE;
		}
		return Outcome.IGNORED;
	}

	private Outcome receive(ChannelView channel, String conversationId, JsonNode body, String sourceMessageId,
			JsonNode content, Instant sentAt) {
		Started started = start(channel, conversationId, body);
		this.messages.receive(started.conversation(), new InboundMessage(InboundMessage.SenderType.CONTACT, null, null,
				sourceMessageId, content, body, sentAt));
		return Outcome.DONE;
	}

	/**
	 * The contact's conversation; the name Google gives replaces the placeholder a
	 * conversation started without one got, never a name an agent set.
	 */
	private Started start(ChannelView channel, String conversationId, JsonNode body) {
		JsonNode name = body.path("context").path("userInfo").path("displayName");
		String displayName = (name.isString() && !name.asString().isBlank()) ? name.asString() : null;
		String placeholder = "Google user " + conversationId.substring(0, Math.min(8, conversationId.length()));
		Started started = this.conversations.start(channel, conversationId,
				ContactProfile.named((displayName != null) ? displayName : placeholder));
		if (!started.created() && displayName != null
				&& placeholder.equals(this.conversations.find(started.conversation().id()).contact().displayName())) {
			this.conversations.updateContactProfile(started.conversation().id(), ContactProfile.named(displayName));
		}
		return started;
	}

	private Outcome receipts(ChannelView channel, JsonNode receipts, WebhookEvent event) {
		Instant at = time(receipts.path("createTime"), null);
		for (JsonNode receipt : receipts.path("receipts")) {
			String type = receipt.path("receiptType").asString("");
			DeliveryReport.Status status = switch (type) {
				case "DELIVERED" -> DeliveryReport.Status.DELIVERED;
				case "READ" -> DeliveryReport.Status.READ;
				default -> null;
			};
			String name = receipt.path("message").asString("");
			String messageId = name.substring(name.lastIndexOf('/') + 1);
			if (status == null || messageId.isBlank()) {
				continue;
			}
			if (this.messages.findBySourceId(channel.id(), messageId).isEmpty()) {
				if (event.attempt() < RECEIPT_ATTEMPTS && isOurs(messageId)) {
					// a receipt can come before the delivery worker has recorded the send
					throw new IllegalStateException("No message " + messageId + " sent on Google yet");
				}
				continue;
			}
			this.messages.report(channel.id(), messageId,
					new DeliveryReport(status, (at != null) ? at : event.receivedAt(), null, null));
		}
		return Outcome.DONE;
	}

	/** Our message ids are UUIDs; a receipt naming anything else was not sent by us. */
	private static boolean isOurs(String messageId) {
		try {
			UUID.fromString(messageId);
			return true;
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	private static JsonNode content(JsonNode message) {
		JsonNode image = message.path("image").path("contentInfo");
		if (image.path("fileUrl").isString()) {
			ObjectNode content = nodes.objectNode().put("type", "image").put("url", image.path("fileUrl").asString());
			if (image.path("altText").isString()) {
				content.put("name", image.path("altText").asString());
			}
			return content;
		}
		if (message.path("text").isString()) {
			return nodes.objectNode().put("type", "text").put("text", message.path("text").asString());
		}
		return nodes.objectNode().put("type", "unsupported");
	}

	private static Instant time(JsonNode value, JsonNode body) {
		String text = value.isString() ? value.asString()
				: (body != null && body.path("sendTime").isString()) ? body.path("sendTime").asString() : null;
		try {
			return (text != null) ? Instant.parse(text) : null;
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

}

package dev.switchboard.source.whatsapp;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.switchboard.channel.ChannelService;
import dev.switchboard.channel.ChannelView;
import dev.switchboard.conversation.ContactProfile;
import dev.switchboard.conversation.ConversationService;
import dev.switchboard.message.DeliveryReport;
import dev.switchboard.message.InboundMessage;
import dev.switchboard.message.MessageService;
import dev.switchboard.source.inbox.WebhookEvent;
import dev.switchboard.source.inbox.LegacyWebhookHandler;

import org.springframework.stereotype.Component;

/**
 * Processes WhatsApp Cloud API deliveries: every {@code entry[].changes[]} of field
 * {@code messages}, with inbound messages (unique by wamid per channel) and statuses of
 * our sends (which never move a message backwards).
 */
@Component
class WhatsAppWebhookHandler implements LegacyWebhookHandler {

	private static final Logger log = LoggerFactory.getLogger(WhatsAppWebhookHandler.class);

	private static final JsonNodeFactory nodes = JsonNodeFactory.instance;

	private final ChannelService channels;

	private final ConversationService conversations;

	private final MessageService messages;

	private final JsonMapper json;

	WhatsAppWebhookHandler(ChannelService channels, ConversationService conversations, MessageService messages,
			JsonMapper json) {
		this.channels = channels;
		this.conversations = conversations;
		this.messages = messages;
		this.json = json;
	}

	@Override
	public String source() {
		return WhatsAppConnector.SOURCE;
	}

	@Override
	public Outcome handle(WebhookEvent event) {
		JsonNode body;
		try {
			body = this.json.readTree(event.body());
		}
		catch (JacksonException ex) {
			log.warn("Ignored WhatsApp webhook event {}: not JSON", event.id());
			return Outcome.IGNORED;
		}
		boolean handled = false;
		for (JsonNode entry : body.path("entry")) {
			for (JsonNode change : entry.path("changes")) {
				if (!"messages".equals(change.path("field").asString(""))) {
					continue;
				}
				JsonNode value = change.path("value");
				Optional<ChannelView> channel = this.channels
					.findBySourceChannelId(WhatsAppConnector.SOURCE,
							value.path("metadata").path("phone_number_id").asString(""))
					.filter(ChannelView::connected);
				if (channel.isEmpty()) {
					continue;
				}
				handled = true;
				Map<String, String> names = new HashMap<>();
				for (JsonNode contact : value.path("contacts")) {
					String name = contact.path("profile").path("name").asString(null);
					if (name != null && !name.isBlank()) {
						names.put(contact.path("wa_id").asString(""), name);
					}
				}
				for (JsonNode message : value.path("messages")) {
					receive(channel.get(), message, names);
				}
				for (JsonNode status : value.path("statuses")) {
					report(channel.get(), status);
				}
			}
		}
		return handled ? Outcome.DONE : Outcome.IGNORED;
	}

	private void receive(ChannelView channel, JsonNode message, Map<String, String> names) {
		String from = message.path("from").asString(null);
		String wamid = message.path("id").asString(null);
		if (from == null || wamid == null) {
			return;
		}
		Instant sentAt = epochSeconds(message.path("timestamp"));
		if ("reaction".equals(message.path("type").asString(""))) {
			react(channel, message.path("reaction"), sentAt);
			return;
		}
		String name = names.getOrDefault(from, from);
		ConversationService.Started started = this.conversations.start(channel, from, ContactProfile.named(name));
		this.messages.receive(started.conversation(), new InboundMessage(InboundMessage.SenderType.CONTACT, null,
				names.get(from), wamid, content(message), message, sentAt));
	}

	/**
	 * The typed content of a WhatsApp message. Media arrive as media ids (their download
	 * needs the channel's token), so media content carries {@code media_id} and
	 * {@code mime_type}.
	 */
	static JsonNode content(JsonNode message) {
		String type = message.path("type").asString("");
		JsonNode body = message.path(type);
		switch (type) {
			case "text" -> {
				return nodes.objectNode().put("type", "text").put("text", body.path("body").asString(""));
			}
			case "image", "video", "audio", "document", "sticker" -> {
				ObjectNode content = nodes.objectNode().put("type", switch (type) {
					case "document" -> "file";
					case "sticker" -> "image";
					default -> type;
				});
				putIfPresent(content, "url", body.path("link"));
				putIfPresent(content, "media_id", body.path("id"));
				putIfPresent(content, "mime_type", body.path("mime_type"));
				putIfPresent(content, "name", body.path("filename"));
				putIfPresent(content, "text", body.path("caption"));
				return content;
			}
			case "location" -> {
				if (body.path("latitude").isNumber() && body.path("longitude").isNumber()) {
					ObjectNode content = nodes.objectNode()
						.put("type", "location")
						.put("latitude", body.get("latitude").asDouble())
						.put("longitude", body.get("longitude").asDouble());
					putIfPresent(content, "name", body.path("name"));
					return content;
				}
			}
			case "contacts" -> {
				StringBuilder text = new StringBuilder("Shared contact");
				for (JsonNode contact : message.path("contacts")) {
					text.append(text.length() > 14 ? "; " : ": ")
						.append(contact.path("name").path("formatted_name").asString("(no name)"));
					for (JsonNode phone : contact.path("phones")) {
						text.append(", ").append(phone.path("phone").asString(""));
					}
				}
				return nodes.objectNode().put("type", "text").put("text", text.toString());
			}
			case "interactive" -> {
				JsonNode reply = body.path(body.path("type").asString(""));
				if (reply.hasNonNull("id")) {
					ObjectNode content = nodes.objectNode().put("type", "postback");
					putIfPresent(content, "text", reply.path("title"));
					return content.put("payload", reply.get("id").asString());
				}
			}
			case "button" -> {
				ObjectNode content = nodes.objectNode().put("type", "postback");
				putIfPresent(content, "text", body.path("text"));
				return content.put("payload", body.path("payload").asString(""));
			}
			default -> {
				// unknown, unsupported, ephemeral, orders...: the raw message is kept
			}
		}
		return nodes.objectNode().put("type", "unsupported");
	}

	/** WhatsApp writes times as epoch seconds in strings. */
	private static Instant epochSeconds(JsonNode timestamp) {
		if (timestamp.isNumber()) {
			return Instant.ofEpochSecond(timestamp.asLong());
		}
		String text = timestamp.asString("");
		return text.matches("\\d{1,12}") ? Instant.ofEpochSecond(Long.parseLong(text)) : null;
	}

	private static void putIfPresent(ObjectNode content, String field, JsonNode value) {
		if (value.isString() && !value.asString().isEmpty()) {
			content.put(field, value.asString());
		}
	}

	private void react(ChannelView channel, JsonNode reaction, Instant sentAt) {
		String wamid = reaction.path("message_id").asString(null);
		if (wamid == null) {
			return;
		}
		String emoji = reaction.path("emoji").asString("");
		JsonNode value = nodes.nullNode();
		if (!emoji.isEmpty()) {
			ObjectNode react = nodes.objectNode().put("emoji", emoji);
			if (sentAt != null) {
				react.put("sent_at", sentAt.toString());
			}
			value = react;
		}
		this.messages.setMetadata(channel.id(), wamid, List.of("reaction"), value);
	}

	private void report(ChannelView channel, JsonNode status) {
		String wamid = status.path("id").asString(null);
		DeliveryReport.Status reported = switch (status.path("status").asString("").toLowerCase(Locale.ROOT)) {
			case "sent" -> DeliveryReport.Status.SENT;
			case "delivered" -> DeliveryReport.Status.DELIVERED;
			case "read" -> DeliveryReport.Status.READ;
			case "failed" -> DeliveryReport.Status.FAILED;
			default -> null;
		};
		if (wamid == null || reported == null) {
			return;
		}
		Instant at = epochSeconds(status.path("timestamp"));
		String error = null;
		JsonNode errors = status.path("errors");
		if (reported == DeliveryReport.Status.FAILED) {
			JsonNode first = errors.path(0);
			String title = first.path("title").asString(first.path("message").asString("WhatsApp reported a failure"));
			String details = first.path("error_data").path("details").asString(null);
			error = (details != null && !details.equals(title)) ? title + ": " + details : title;
		}
		this.messages.report(channel.id(), wamid,
				new DeliveryReport(reported, at, error, errors.isArray() ? errors : null));
	}

}

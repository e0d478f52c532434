package dev.switchboard.source.whatsapp;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.switchboard.message.DeliveryReport;
import dev.switchboard.message.Inbound;
import dev.switchboard.message.MessageContent;
import dev.switchboard.source.inbox.WebhookEvent;
import dev.switchboard.source.inbox.WebhookHandler;
import dev.switchboard.source.whatsapp.WhatsAppPayload.Message;
import dev.switchboard.source.whatsapp.WhatsAppPayload.Raw;

import org.springframework.stereotype.Component;

/**
 * Translates WhatsApp Cloud API deliveries: every {@code entry[].changes[]} of field
 * {@code messages}, with inbound messages (unique by wamid per channel), reactions and
 * statuses of our sends (which never move a message backwards).
 */
@Component
class WhatsAppWebhookHandler implements WebhookHandler<WhatsAppPayload> {

	private static final JsonNodeFactory nodes = JsonNodeFactory.instance;

	@Override
	public String source() {
		return WhatsAppConnector.SOURCE;
	}

	@Override
	public Class<WhatsAppPayload> payloadType() {
		return WhatsAppPayload.class;
	}

	@Override
	public List<Inbound> translate(WhatsAppPayload payload, WebhookEvent event) {
		List<Inbound> events = new ArrayList<>();
		for (WhatsAppPayload.Entry entry : payload.entry()) {
			for (WhatsAppPayload.Change change : entry.changes()) {
				WhatsAppPayload.Value value = change.value();
				if (!"messages".equals(change.field()) || value == null || value.metadata() == null
						|| value.metadata().phoneNumberId() == null) {
					continue;
				}
				Inbound.Account account = new Inbound.Account(WhatsAppConnector.SOURCE,
						value.metadata().phoneNumberId());
				Map<String, String> names = new HashMap<>();
				for (WhatsAppPayload.Contact contact : value.contacts()) {
					String name = (contact.profile() != null) ? contact.profile().name() : null;
					if (name != null && !name.isBlank()) {
						names.put(contact.waId(), name);
					}
				}
				for (Raw<Message> message : value.messages()) {
					received(account, message, names, events);
				}
				for (WhatsAppPayload.Status status : value.statuses()) {
					report(account, status, events);
				}
			}
		}
		return events;
	}

	private static void received(Inbound.Account account, Raw<Message> raw, Map<String, String> names,
			List<Inbound> events) {
		Message message = raw.value();
		if (message.from() == null || message.id() == null) {
			return;
		}
		Instant sentAt = epochSeconds(message.timestamp());
		if ("reaction".equals(message.type())) {
			if (message.reaction() != null && message.reaction().messageId() != null) {
				events.add(new Inbound.Annotation(account, message.reaction().messageId(), List.of("reaction"),
						reaction(message.reaction(), sentAt), null));
			}
			return;
		}
		String name = names.get(message.from());
		events.add(new Inbound.Message(account, Inbound.Contact.named(message.from(), name),
				Inbound.Sender.contact(name), message.id(), content(message), raw.json(), sentAt));
	}

	/**
	 * The typed content of a WhatsApp message. Media arrive as media ids (their download
	 * needs the channel's token), so media content carries {@code media_id} and
	 * {@code mime_type}.
	 */
	private static MessageContent content(Message message) {
		switch ((message.type() != null) ? message.type() : "") {
			case "text" -> {
				return new MessageContent.Text(
						(message.text() != null && message.text().body() != null) ? message.text().body() : "");
			}
			case "image" -> {
				return media("image", message.image());
			}
			case "video" -> {
				return media("video", message.video());
			}
			case "audio" -> {
				return media("audio", message.audio());
			}
			case "document" -> {
				return media("file", message.document());
			}
			case "sticker" -> {
				return media("image", message.sticker());
			}
			case "location" -> {
				WhatsAppPayload.Location location = message.location();
				if (location != null && location.latitude() != null && location.longitude() != null) {
					return new MessageContent.Location(location.latitude(), location.longitude(),
							present(location.name()));
				}
			}
			case "contacts" -> {
				return new MessageContent.Text(sharedContacts(message.contacts()));
			}
			case "interactive" -> {
				WhatsAppPayload.Reply reply = reply(message.interactive());
				if (reply != null && reply.id() != null) {
					return new MessageContent.Postback(present(reply.title()), reply.id());
				}
			}
			case "button" -> {
				WhatsAppPayload.Button button = (message.button() != null) ? message.button()
						: new WhatsAppPayload.Button(null, null);
				return new MessageContent.Postback(present(button.text()),
						(button.payload() != null) ? button.payload() : "");
			}
			default -> {
				// unknown, unsupported, ephemeral, orders...: the raw message is kept
			}
		}
		return new MessageContent.Unsupported();
	}

	private static MessageContent media(String type, WhatsAppPayload.Media media) {
		if (media == null) {
			return MessageContent.Media.of(type, null, null, null);
		}
		return MessageContent.Media.of(type, present(media.link()), present(media.filename()), present(media.caption()),
				present(media.id()), present(media.mimeType()));
	}

	private static String sharedContacts(List<WhatsAppPayload.SharedContact> contacts) {
		StringBuilder text = new StringBuilder("Shared contact");
		for (WhatsAppPayload.SharedContact contact : contacts) {
			String name = (contact.name() != null) ? contact.name().formattedName() : null;
			text.append(text.length() > 14 ? "; " : ": ").append((name != null) ? name : "(no name)");
			for (WhatsAppPayload.Phone phone : contact.phones()) {
				text.append(", ").append((phone.phone() != null) ? phone.phone() : "");
			}
		}
		return text.toString();
	}

	private static WhatsAppPayload.Reply reply(WhatsAppPayload.Interactive interactive) {
		if (interactive == null || interactive.type() == null) {
			return null;
		}
		return switch (interactive.type()) {
			case "button_reply" -> interactive.buttonReply();
			case "list_reply" -> interactive.listReply();
			default -> null;
		};
	}

	/** The reaction's metadata; JSON {@code null} (an empty emoji) removes it. */
	private static JsonNode reaction(WhatsAppPayload.Reaction reaction, Instant sentAt) {
		if (reaction.emoji() == null || reaction.emoji().isEmpty()) {
			return nodes.nullNode();
		}
		ObjectNode value = nodes.objectNode().put("emoji", reaction.emoji());
		if (sentAt != null) {
			value.put("sent_at", sentAt.toString());
		}
		return value;
	}

	/**
	 * A status of a message not known is dropped rather than retried: the phone number
	 * also reports on what other apps and WhatsApp's own tools send from it.
	 */
	private static void report(Inbound.Account account, WhatsAppPayload.Status status, List<Inbound> events) {
		DeliveryReport.Status reported = switch ((status.status() != null) ? status.status().toLowerCase(Locale.ROOT)
				: "") {
			case "sent" -> DeliveryReport.Status.SENT;
			case "delivered" -> DeliveryReport.Status.DELIVERED;
			case "read" -> DeliveryReport.Status.READ;
			case "failed" -> DeliveryReport.Status.FAILED;
			default -> null;
		};
		if (status.id() == null || reported == null) {
			return;
		}
		String error = (reported == DeliveryReport.Status.FAILED) ? error(status.errors()) : null;
		JsonNode sourceError = (status.errors() != null) ? status.errors().json() : null;
		events.add(new Inbound.Report(account, status.id(),
				new DeliveryReport(reported, epochSeconds(status.timestamp()), error, sourceError), false));
	}

	/** The first error's title (or message), with its details when they say more. */
	private static String error(Raw<List<WhatsAppPayload.Error>> errors) {
		WhatsAppPayload.Error first = (errors != null && !errors.value().isEmpty()) ? errors.value().get(0) : null;
		if (first == null) {
			return "WhatsApp reported a failure";
		}
		String title = (first.title() != null) ? first.title()
				: (first.message() != null) ? first.message() : "WhatsApp reported a failure";
		String details = (first.errorData() != null) ? first.errorData().details() : null;
		return (details != null && !details.equals(title)) ? title + ": " + details : title;
	}

	/** WhatsApp writes times as epoch seconds in strings. */
	private static Instant epochSeconds(String timestamp) {
		return (timestamp != null && timestamp.matches("\\d{1,12}")) ? Instant.ofEpochSecond(Long.parseLong(timestamp))
				: null;
	}

	private static String present(String value) {
		return (value != null && !value.isEmpty()) ? value : null;
	}

}

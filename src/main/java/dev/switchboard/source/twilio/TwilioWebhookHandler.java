package dev.switchboard.source.twilio;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.switchboard.message.DeliveryReport;
import dev.switchboard.message.Inbound;
import dev.switchboard.message.MessageContent;
import dev.switchboard.source.inbox.WebhookEvent;
import dev.switchboard.source.inbox.WebhookHandler;

import org.springframework.util.MultiValueMap;

/**
 * Translates stored {@code /twilio} events, Twilio's form parameters.
 * <p>
 * An inbound message is for the channel of {@code To} and the contact {@code From}. An
 * MMS with several media becomes several messages: the first media (with {@code Body} as
 * its caption, {@code text}) keeps the {@code MessageSid} as its platform id, the next
 * ones get {@code <MessageSid>#1}, {@code #2}…; without media, the message is text (or a
 * WhatsApp location or button reply).
 * <p>
 * A status callback reports on our message {@code MessageSid} on the channel of
 * {@code From}: {@code sent}, {@code delivered}, {@code read}, {@code undelivered} and
 * {@code failed}; the others say nothing new.
 */
class TwilioWebhookHandler implements WebhookHandler<MultiValueMap<String, String>> {

	/** Attempts for a status callback that arrives before its send was recorded. */
	static final int CALLBACK_ATTEMPTS = 4;

	private static final int MAX_MEDIA = 10;

	private static final Set<String> STATUSES = Set.of("accepted", "scheduled", "queued", "sending", "sent",
			"delivered", "undelivered", "failed", "read", "canceled", "partially_delivered");

	private static final JsonNodeFactory nodes = JsonNodeFactory.instance;

	@Override
	public String source() {
		return TwilioWebhookController.SOURCE;
	}

	@Override
	@SuppressWarnings("unchecked")
	public Class<MultiValueMap<String, String>> payloadType() {
		return (Class<MultiValueMap<String, String>>) (Class<?>) MultiValueMap.class;
	}

	@Override
	public List<Inbound> translate(MultiValueMap<String, String> form, WebhookEvent event) {
		String status = form.getFirst("MessageStatus");
		if (status != null && STATUSES.contains(status.toLowerCase(Locale.ROOT))) {
			return statusCallback(form, status.toLowerCase(Locale.ROOT), event);
		}
		return inbound(form, event);
	}

	private static List<Inbound> inbound(MultiValueMap<String, String> form, WebhookEvent event) {
		String to = blankToNull(form.getFirst("To"));
		String from = blankToNull(form.getFirst("From"));
		String sid = blankToNull(
				(form.getFirst("MessageSid") != null) ? form.getFirst("MessageSid") : form.getFirst("SmsSid"));
		if (to == null || from == null || sid == null) {
			return List.of();
		}
		Inbound.Account account = account(to);
		Inbound.Contact contact = contact(from, blankToNull(form.getFirst("ProfileName")));
		ObjectNode raw = raw(form);
		List<MessageContent> contents = contents(form);
		List<Inbound> messages = new ArrayList<>(contents.size());
		for (int i = 0; i < contents.size(); i++) {
			// one microsecond apart, so that the parts of an MMS keep their order
			Instant sentAt = event.receivedAt().plusNanos(i * 1000L);
			messages.add(new Inbound.Message(account, contact, Inbound.Sender.contact(), (i == 0) ? sid : sid + "#" + i,
					contents.get(i), raw, sentAt));
		}
		return messages;
	}

	/**
	 * The contact of a Twilio address. The name WhatsApp gives replaces the contact's
	 * number (written with or without {@code whatsapp:}) that a conversation first seen
	 * by number shows; a name an agent has set is kept.
	 */
	private static Inbound.Contact contact(String from, String profileName) {
		if (profileName == null) {
			return Inbound.Contact.of(from);
		}
		return new Inbound.Contact(from, profileName, Flavour.number(from));
	}

	private static List<MessageContent> contents(MultiValueMap<String, String> form) {
		String body = blankToNull(form.getFirst("Body"));
		List<MessageContent> contents = new ArrayList<>();
		int media = Math.min(number(form.getFirst("NumMedia")), MAX_MEDIA);
		for (int i = 0; i < media; i++) {
			String url = blankToNull(form.getFirst("MediaUrl" + i));
			if (url != null) {
				contents.add(MessageContent.Media.of(kind(form.getFirst("MediaContentType" + i)), url, null,
						contents.isEmpty() ? body : null));
			}
		}
		if (!contents.isEmpty()) {
			return contents;
		}
		if (form.getFirst("Latitude") != null && form.getFirst("Longitude") != null) {
			try {
				return List.of(new MessageContent.Location(Double.parseDouble(form.getFirst("Latitude")),
						Double.parseDouble(form.getFirst("Longitude")), blankToNull(
								(form.getFirst("Label") != null) ? form.getFirst("Label") : form.getFirst("Address"))));
			}
			catch (NumberFormatException ex) {
				return List.of(new MessageContent.Unsupported());
			}
		}
		String payload = blankToNull(form.getFirst("ButtonPayload"));
		if (payload != null) {
			return List.of(new MessageContent.Postback(
					(form.getFirst("ButtonText") != null) ? form.getFirst("ButtonText") : body, payload));
		}
		if (body != null) {
			return List.of(new MessageContent.Text(body));
		}
		return List.of(new MessageContent.Unsupported());
	}

	private static List<Inbound> statusCallback(MultiValueMap<String, String> form, String status, WebhookEvent event) {
		String sid = blankToNull(form.getFirst("MessageSid"));
		String from = blankToNull(form.getFirst("From"));
		DeliveryReport.Status reported = switch (status) {
			case "sent" -> DeliveryReport.Status.SENT;
			case "delivered" -> DeliveryReport.Status.DELIVERED;
			case "read" -> DeliveryReport.Status.READ;
			case "undelivered", "failed" -> DeliveryReport.Status.FAILED;
			default -> null;
		};
		if (sid == null || from == null || reported == null) {
			// queued, sending, accepted: the message is already shown as taken by Twilio
			return List.of();
		}
		String error = null;
		ObjectNode sourceError = null;
		if (reported == DeliveryReport.Status.FAILED) {
			String code = blankToNull(form.getFirst("ErrorCode"));
			error = "Twilio reported the message " + status + ": "
					+ TwilioErrors.describe(code, form.getFirst("ErrorMessage"));
			sourceError = nodes.objectNode().put("MessageStatus", status);
			if (code != null) {
				sourceError.put("ErrorCode", code);
			}
			if (form.getFirst("ErrorMessage") != null) {
				sourceError.put("ErrorMessage", form.getFirst("ErrorMessage"));
			}
		}
		// Twilio can call back before the delivery worker has recorded the sid: an
		// unknown
		// sid is tried again a few times, then ignored
		return List.of(new Inbound.Report(account(from), sid,
				new DeliveryReport(reported, event.receivedAt(), error, sourceError),
				event.attempt() < CALLBACK_ATTEMPTS));
	}

	/**
	 * The channel of a Twilio address ({@code +1555…} or {@code whatsapp:+1555…}).
	 */
	private static Inbound.Account account(String address) {
		return new Inbound.Account(Flavour.of(address).source(), address);
	}

	private static ObjectNode raw(MultiValueMap<String, String> form) {
		ObjectNode raw = nodes.objectNode();
		for (Map.Entry<String, List<String>> parameter : form.entrySet()) {
			if (parameter.getValue().size() == 1) {
				raw.put(parameter.getKey(), parameter.getValue().get(0));
			}
			else {
				parameter.getValue().forEach(raw.putArray(parameter.getKey())::add);
			}
		}
		return raw;
	}

	private static String kind(String contentType) {
		String type = (contentType != null) ? contentType.toLowerCase(Locale.ROOT) : "";
		if (type.startsWith("image/")) {
			return "image";
		}
		if (type.startsWith("video/")) {
			return "video";
		}
		if (type.startsWith("audio/")) {
			return "audio";
		}
		return "file";
	}

	private static int number(String value) {
		try {
			return (value != null) ? Math.max(Integer.parseInt(value.trim()), 0) : 0;
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value;
	}

}

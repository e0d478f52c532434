package dev.switchboard.source.twilio;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

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

import org.springframework.util.MultiValueMap;

/**
 * Processes stored {@code /twilio} events.
 * <p>
 * An inbound message finds its channel by {@code To} and its conversation by
 * {@code From}. An MMS with several media becomes several messages: the first media (with
 * {@code Body} as its caption, {@code text}) keeps the {@code MessageSid} as its platform
 * id, media {@code N} gets {@code <MessageSid>#N}, Twilio's own index; without media, the
 * message is text (or a WhatsApp location or button reply).
 * <p>
 * A status callback finds our message by {@code MessageSid} on the channel of
 * {@code From}; {@code sent}, {@code delivered}, {@code read}, {@code undelivered} and
 * {@code failed} are applied, never moving a message backwards.
 */
class TwilioWebhookHandler implements LegacyWebhookHandler {

	/** Retries for a status callback that arrives before its send was recorded. */
	static final int CALLBACK_ATTEMPTS = 4;

	private static final int MAX_MEDIA = 10;

	private static final Set<String> STATUSES = Set.of("accepted", "scheduled", "queued", "sending", "sent",
			"delivered", "undelivered", "failed", "read", "canceled", "partially_delivered");

	private static final JsonNodeFactory nodes = JsonNodeFactory.instance;

	private final ChannelService channels;

	private final ConversationService conversations;

	private final MessageService messages;

	TwilioWebhookHandler(ChannelService channels, ConversationService conversations, MessageService messages) {
		this.channels = channels;
		this.conversations = conversations;
		this.messages = messages;
	}

	@Override
	public String source() {
		return TwilioWebhookController.SOURCE;
	}

	@Override
	public Outcome handle(WebhookEvent event) {
		MultiValueMap<String, String> form = TwilioForm.parse(event.body());
		String status = form.getFirst("MessageStatus");
		if (status != null && STATUSES.contains(status.toLowerCase(Locale.ROOT))) {
			return statusCallback(form, status.toLowerCase(Locale.ROOT), event);
		}
		return inbound(form, event);
	}

	private Outcome inbound(MultiValueMap<String, String> form, WebhookEvent event) {
		String to = form.getFirst("To");
		String from = blankToNull(form.getFirst("From"));
		String sid = blankToNull(
				(form.getFirst("MessageSid") != null) ? form.getFirst("MessageSid") : form.getFirst("SmsSid"));
		Optional<ChannelView> channel = channel(to);
		if (channel.isEmpty() || from == null || sid == null) {
			return Outcome.IGNORED;
		}
		String profileName = blankToNull(form.getFirst("ProfileName"));
		Started started = this.conversations.start(channel.get(), from,
				ContactProfile.named((profileName != null) ? profileName : from));
		if (!started.created() && profileName != null) {
			nameContact(started, from, profileName);
		}
		ObjectNode raw = raw(form);
		List<ObjectNode> contents = contents(form);
		for (int i = 0; i < contents.size(); i++) {
			// one microsecond apart, so that the parts of an MMS keep their order
			Instant sentAt = event.receivedAt().plusNanos(i * 1000L);
			this.messages.receive(started.conversation(), new InboundMessage(InboundMessage.SenderType.CONTACT, null,
					null, (i == 0) ? sid : sid + "#" + i, contents.get(i), raw, sentAt));
		}
		return Outcome.DONE;
	}

	/**
	 * A contact first seen by number (an SMS, or {@code messages.send}) gets the name
	 * WhatsApp gives; a name an agent has set is kept.
	 */
	private void nameContact(Started started, String from, String profileName) {
		String current = this.conversations.find(started.conversation().id()).contact().displayName();
		if (from.equals(current) || from.equals(Flavour.WHATSAPP.address(current))) {
			this.conversations.updateContactProfile(started.conversation().id(), ContactProfile.named(profileName));
		}
	}

	private static List<ObjectNode> contents(MultiValueMap<String, String> form) {
		String body = blankToNull(form.getFirst("Body"));
		List<ObjectNode> contents = new ArrayList<>();
		int media = Math.min(number(form.getFirst("NumMedia")), MAX_MEDIA);
		for (int i = 0; i < media; i++) {
			String url = blankToNull(form.getFirst("MediaUrl" + i));
			if (url != null) {
				contents
					.add(nodes.objectNode().put("type", kind(form.getFirst("MediaContentType" + i))).put("url", url));
			}
		}
		if (!contents.isEmpty()) {
			if (body != null) {
				contents.get(0).put("text", body);
			}
			return contents;
		}
		if (form.getFirst("Latitude") != null && form.getFirst("Longitude") != null) {
			ObjectNode location = nodes.objectNode().put("type", "location");
			try {
				location.put("latitude", Double.parseDouble(form.getFirst("Latitude")))
					.put("longitude", Double.parseDouble(form.getFirst("Longitude")));
				String name = blankToNull(
						(form.getFirst("Label") != null) ? form.getFirst("Label") : form.getFirst("Address"));
				if (name != null) {
					location.put("name", name);
				}
				return List.of(location);
			}
			catch (NumberFormatException ex) {
				return List.of(nodes.objectNode().put("type", "unsupported"));
			}
		}
		String payload = blankToNull(form.getFirst("ButtonPayload"));
		if (payload != null) {
			ObjectNode postback = nodes.objectNode().put("type", "postback").put("payload", payload);
			String text = (form.getFirst("ButtonText") != null) ? form.getFirst("ButtonText") : body;
			if (text != null) {
				postback.put("text", text);
			}
			return List.of(postback);
		}
		if (body != null) {
			return List.of(nodes.objectNode().put("type", "text").put("text", body));
		}
		return List.of(nodes.objectNode().put("type", "unsupported"));
	}

	private Outcome statusCallback(MultiValueMap<String, String> form, String status, WebhookEvent event) {
		String sid = blankToNull(form.getFirst("MessageSid"));
		Optional<ChannelView> channel = channel(form.getFirst("From"));
		DeliveryReport.Status reported = switch (status) {
			case "sent" -> DeliveryReport.Status.SENT;
			case "delivered" -> DeliveryReport.Status.DELIVERED;
			case "read" -> DeliveryReport.Status.READ;
			case "undelivered", "failed" -> DeliveryReport.Status.FAILED;
			default -> null;
		};
		if (channel.isEmpty() || sid == null) {
			return Outcome.IGNORED;
		}
		if (reported == null) {
			// queued, sending, accepted: the message is already shown as taken by Twilio
			return Outcome.DONE;
		}
		UUID channelId = channel.get().id();
		if (this.messages.findBySourceId(channelId, sid).isEmpty()) {
			if (event.attempt() < CALLBACK_ATTEMPTS) {
				// Twilio can call back before the delivery worker has recorded the sid
				throw new IllegalStateException("No message with Twilio sid " + sid + " yet");
			}
			return Outcome.IGNORED;
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
		this.messages.report(channelId, sid, new DeliveryReport(reported, event.receivedAt(), error, sourceError));
		return Outcome.DONE;
	}

	/**
	 * The connected channel of a Twilio address ({@code +1555…} or
	 * {@code whatsapp:+1555…}).
	 */
	private Optional<ChannelView> channel(String address) {
		if (address == null || address.isBlank()) {
			return Optional.empty();
		}
		return this.channels.findBySourceChannelId(Flavour.of(address).source(), address)
			.filter(ChannelView::connected);
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

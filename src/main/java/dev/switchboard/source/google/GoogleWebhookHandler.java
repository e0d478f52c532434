package dev.switchboard.source.google;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.switchboard.message.DeliveryReport;
import dev.switchboard.message.Inbound;
import dev.switchboard.message.MessageContent;
import dev.switchboard.source.inbox.WebhookEvent;
import dev.switchboard.source.inbox.WebhookHandler;

import org.springframework.stereotype.Component;

/**
 * Translates stored {@code /google} events. The channel is the agent
 * ({@code brands/…/agents/<id>}), the contact the Business Messages conversation.
 * <p>
 * {@code message} becomes a text or image message (platform id {@code messageId});
 * {@code suggestionResponse} a postback (platform id {@code suggestion:<requestId>});
 * {@code userStatus.requestedLiveAgent} reopens the conversation; {@code receipts} set
 * {@code delivered_at}/{@code read_at} on our messages, which Google knows by the
 * {@code messageId} we gave (our message id). Typing and other events are ignored.
 */
@Component
class GoogleWebhookHandler implements WebhookHandler<GooglePayload> {

	static final String SOURCE = "google";

	/** Retries for a receipt that arrives before its send was recorded. */
	static final int RECEIPT_ATTEMPTS = 4;

	private final JsonMapper json;

	GoogleWebhookHandler(JsonMapper json) {
		this.json = json;
	}

	@Override
	public String source() {
		return SOURCE;
	}

	@Override
	public Class<GooglePayload> payloadType() {
		return GooglePayload.class;
	}

	@Override
	public List<Inbound> translate(GooglePayload payload, WebhookEvent event) {
		String agent = (payload.agent() != null) ? payload.agent() : "";
		String conversationId = payload.conversationId();
		if (conversationId == null || conversationId.isBlank()) {
			return List.of();
		}
		Inbound.Account account = new Inbound.Account(GoogleConnector.SOURCE,
				agent.substring(agent.lastIndexOf('/') + 1));
		if (payload.receipts() != null) {
			return reports(account, payload.receipts(), event);
		}
		if (payload.message() != null) {
			GooglePayload.Message message = payload.message();
			return List.of(message(account, payload, message.messageId(), content(message),
					time(message.createTime(), payload.sendTime()), event));
		}
		if (payload.suggestionResponse() != null) {
			GooglePayload.SuggestionResponse response = payload.suggestionResponse();
			String id = (payload.requestId() != null) ? payload.requestId() : response.message();
			MessageContent postback = new MessageContent.Postback(response.text(),
					(response.postbackData() != null) ? response.postbackData() : "");
			return List.of(message(account, payload, (id != null) ? "suggestion:" + id : null, postback,
					time(response.createTime(), payload.sendTime()), event));
		}
		if (payload.userStatus() != null && Boolean.TRUE.equals(payload.userStatus().requestedLiveAgent())) {
			return List.of(new Inbound.Reopen(account, contact(payload)));
		}
		return List.of();
	}

	private Inbound.Message message(Inbound.Account account, GooglePayload payload, String sourceMessageId,
			MessageContent content, Instant sentAt, WebhookEvent event) {
		return new Inbound.Message(account, contact(payload), Inbound.Sender.contact(), sourceMessageId, content,
				raw(event), sentAt);
	}

	/**
	 * The raw event, as Google sent it, for the message's {@code source_content}.
	 */
	private JsonNode raw(WebhookEvent event) {
		return this.json.readTree(event.body());
	}

	/**
	 * The contact, with the name Google gives; a conversation started without one is
	 * named after the start of the conversation id until Google gives it.
	 */
	private static Inbound.Contact contact(GooglePayload payload) {
		String conversationId = payload.conversationId();
		GooglePayload.UserInfo user = (payload.context() != null) ? payload.context().userInfo() : null;
		String name = (user != null && user.displayName() != null && !user.displayName().isBlank()) ? user.displayName()
				: null;
		return new Inbound.Contact(conversationId, name,
				"Google user " + conversationId.substring(0, Math.min(8, conversationId.length())));
	}

	private static List<Inbound> reports(Inbound.Account account, GooglePayload.Receipts receipts, WebhookEvent event) {
		Instant parsed = time(receipts.createTime(), null);
		Instant at = (parsed != null) ? parsed : event.receivedAt();
		List<Inbound> reports = new ArrayList<>();
		for (GooglePayload.Receipt receipt : (receipts.receipts() != null) ? receipts.receipts()
				: List.<GooglePayload.Receipt>of()) {
			DeliveryReport.Status status = switch ((receipt.receiptType() != null) ? receipt.receiptType() : "") {
				case "DELIVERED" -> DeliveryReport.Status.DELIVERED;
				case "READ" -> DeliveryReport.Status.READ;
				default -> null;
			};
			String name = (receipt.message() != null) ? receipt.message() : "";
			String messageId = name.substring(name.lastIndexOf('/') + 1);
			if (status == null || messageId.isBlank()) {
				continue;
			}
			// a receipt can come before the delivery worker has recorded the send
			reports.add(new Inbound.Report(account, messageId, new DeliveryReport(status, at, null, null),
					event.attempt() < RECEIPT_ATTEMPTS && isOurs(messageId)));
		}
		return reports;
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

	private static MessageContent content(GooglePayload.Message message) {
		GooglePayload.ContentInfo image = (message.image() != null) ? message.image().contentInfo() : null;
		if (image != null && image.fileUrl() != null) {
			return new MessageContent.Image(image.fileUrl(), image.altText(), null, null, null);
		}
		if (message.text() != null) {
			return new MessageContent.Text(message.text());
		}
		return new MessageContent.Unsupported();
	}

	/**
	 * The time of an event part, else the event's send time; {@code null} when neither
	 * reads as one.
	 */
	private static Instant time(String value, String sendTime) {
		String text = (value != null) ? value : sendTime;
		try {
			return (text != null) ? Instant.parse(text) : null;
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

}

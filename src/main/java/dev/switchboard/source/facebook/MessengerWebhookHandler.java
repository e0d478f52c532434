package dev.switchboard.source.facebook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.function.Function;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.switchboard.message.Inbound;
import dev.switchboard.message.Inbound.Account;
import dev.switchboard.message.Inbound.Contact;
import dev.switchboard.message.Inbound.Sender;
import dev.switchboard.message.MessageContent;
import dev.switchboard.source.facebook.MessengerPayload.Attachment;
import dev.switchboard.source.facebook.MessengerPayload.Entry;
import dev.switchboard.source.facebook.MessengerPayload.Item;
import dev.switchboard.source.facebook.MessengerPayload.Messaging;
import dev.switchboard.source.facebook.MessengerPayload.Receipt;
import dev.switchboard.source.inbox.WebhookEvent;
import dev.switchboard.source.inbox.WebhookHandler;

/**
 * Translates Messenger and Instagram deliveries ({@code object} {@code page} or
 * {@code instagram}): every entry and every {@code messaging} (and {@code standby}) item
 * of a batch. Messages are unique by their {@code mid} per channel, so a redelivered
 * event changes nothing.
 */
class MessengerWebhookHandler implements WebhookHandler<MessengerPayload> {

	private static final JsonNodeFactory nodes = JsonNodeFactory.instance;

	private static final Pattern CODE_POINT = Pattern.compile("\\\\u\\{([0-9A-Fa-f]{1,6})\\}");

	private final String source;

	private final Function<String, String> appIds;

	/**
	 * @param source the source whose webhook this handles
	 * @param appId our Meta app's id: echoes carrying it are our own sends
	 */
	MessengerWebhookHandler(String source, String appId) {
		this(source, (account) -> appId);
	}

	/**
	 * @param source the source whose webhook this handles
	 * @param appIds our app's id for a page or Instagram account (its workspace's app):
	 * echoes carrying it are our own sends
	 */
	MessengerWebhookHandler(String source, Function<String, String> appIds) {
		this.source = source;
		this.appIds = appIds;
	}

	@Override
	public String source() {
		return this.source;
	}

	@Override
	public Class<MessengerPayload> payloadType() {
		return MessengerPayload.class;
	}

	@Override
	public List<Inbound> translate(MessengerPayload payload, WebhookEvent event) {
		// Meta may deliver Instagram events to the page's webhook too: the object decides
		String channelSource = FacebookGraph.INSTAGRAM.equals(payload.object()) ? FacebookGraph.INSTAGRAM
				: FacebookGraph.FACEBOOK;
		List<Inbound> events = new ArrayList<>();
		for (Entry entry : payload.entry()) {
			if (entry == null || entry.id() == null) {
				continue;
			}
			Account account = new Account(channelSource, entry.id());
			for (Item item : entry.messaging()) {
				translate(account, item, events);
			}
			for (Item item : entry.standby()) {
				translate(account, item, events);
			}
		}
		return events;
	}

	private void translate(Account account, Item item, List<Inbound> events) {
		if (item == null || item.event() == null) {
			return;
		}
		Messaging messaging = item.event();
		String sender = (messaging.sender() != null) ? messaging.sender().id() : null;
		Instant sentAt = (messaging.timestamp() != null) ? Instant.ofEpochMilli(messaging.timestamp()) : null;
		if (messaging.message() != null) {
			MessengerPayload.Message message = messaging.message();
			if (message.echo()) {
				echo(account, item, sentAt, events);
			}
			else if (message.deleted()) {
				deleted(account, item, sender, sentAt, events);
			}
			else if (sender != null) {
				parts(account, sender, Sender.contact(), message, item.json(), sentAt, events);
			}
		}
		else if (messaging.postback() != null) {
			MessengerPayload.Postback postback = messaging.postback();
			if (sender != null) {
				String payload = (postback.payload() != null) ? postback.payload() : "";
				events.add(message(account, sender, Sender.contact(),
						(postback.mid() != null) ? postback.mid() : fingerprint(item.json()),
						new MessageContent.Postback(postback.title(), payload), item.json(), sentAt));
			}
		}
		else if (messaging.reaction() != null) {
			react(account, messaging.reaction(), sentAt, events);
		}
		else if (messaging.delivery() != null) {
			receipt(account, sender, messaging.delivery(), false, events);
		}
		else if (messaging.read() != null) {
			receipt(account, sender, messaging.read(), true, events);
		}
		else if (sender != null && !sender.equals(account.id())) {
			events.add(message(account, sender, Sender.contact(), fingerprint(item.json()),
					new MessageContent.Unsupported(), item.json(), sentAt));
		}
	}

	/**
	 * An echo of a message the page sent. Our own sends (our app id) never become
	 * messages: the sender stores their mid itself, even when the echo comes first.
	 * Others (the page's inbox, another app, Instagram's echoes without app id) are the
	 * business writing outside this API; one that comes while our send to the contact is
	 * in flight is retried until that send's mid is known.
	 */
	private void echo(Account account, Item item, Instant sentAt, List<Inbound> events) {
		MessengerPayload.Message message = item.event().message();
		String appId = message.appId();
		if (appId != null && appId.equals(this.appIds.apply(account.id()))) {
			return;
		}
		MessengerPayload.Party recipient = item.event().recipient();
		if (recipient == null || recipient.id() == null) {
			return;
		}
		String senderId = (appId != null) ? appId : (item.event().sender() != null) ? item.event().sender().id() : null;
		parts(account, recipient.id(), Sender.business(senderId), message, item.json(), sentAt, events);
	}

	/**
	 * An unsent message is marked deleted; one never seen is kept as unsupported.
	 */
	private static void deleted(Account account, Item item, String sender, Instant sentAt, List<Inbound> events) {
		String mid = item.event().message().mid();
		Inbound.Message unsupported = (sender != null) ? message(account, sender, Sender.contact(),
				(mid != null) ? mid : fingerprint(item.json()), new MessageContent.Unsupported(), item.json(), sentAt)
				: null;
		if (mid != null) {
			events.add(new Inbound.Annotation(account, mid, List.of("deleted"), nodes.booleanNode(true), unsupported));
		}
		else if (unsupported != null) {
			events.add(unsupported);
		}
	}

	private static void react(Account account, MessengerPayload.Reaction reaction, Instant sentAt,
			List<Inbound> events) {
		if (reaction.mid() == null) {
			return;
		}
		JsonNode value = nodes.nullNode();
		if (!"unreact".equals(reaction.action())) {
			ObjectNode react = nodes.objectNode()
				.put("emoji", decodeEmoji((reaction.emoji() != null) ? reaction.emoji() : ""))
				.put("reaction", reaction.reaction());
			if (sentAt != null) {
				react.put("sent_at", sentAt.toString());
			}
			value = react;
		}
		events.add(new Inbound.Annotation(account, reaction.mid(), List.of("reaction"), value, null));
	}

	/**
	 * Messenger's receipts name a watermark (everything sent before it); Instagram's read
	 * receipts name the message read.
	 */
	private static void receipt(Account account, String contact, Receipt receipt, boolean read, List<Inbound> events) {
		if (contact == null) {
			return;
		}
		if (receipt.watermark() != null) {
			events.add(new Inbound.Receipt(account, contact, Instant.ofEpochMilli(receipt.watermark()), null, read));
		}
		else if (receipt.mid() != null) {
			events.add(new Inbound.Receipt(account, contact, null, receipt.mid(), read));
		}
	}

	/**
	 * Each part of a message (its text, each attachment) as a message: the first under
	 * the mid, the next as {@code mid#1}, ... A microsecond apart, so they list in the
	 * order sent.
	 */
	private static void parts(Account account, String contact, Sender sender, MessengerPayload.Message message,
			JsonNode raw, Instant sentAt, List<Inbound> events) {
		String mid = message.mid();
		List<MessageContent> contents = contents(message);
		for (int i = 0; i < contents.size(); i++) {
			events.add(message(account, contact, sender, (mid == null || i == 0) ? mid : mid + "#" + i, contents.get(i),
					raw, (sentAt != null) ? sentAt.plusNanos(i * 1000L) : null));
		}
	}

	/**
	 * The typed contents of a message: quick reply or text, then one per attachment;
	 * {@code unsupported} when nothing is recognised.
	 */
	private static List<MessageContent> contents(MessengerPayload.Message message) {
		List<MessageContent> contents = new ArrayList<>();
		if (message.quickReply() != null && message.quickReply().payload() != null) {
			contents.add(new MessageContent.Postback(message.text(), message.quickReply().payload()));
		}
		else if (message.text() != null) {
			contents.add(new MessageContent.Text(message.text()));
		}
		for (Attachment attachment : message.attachments()) {
			if (attachment != null) {
				contents.add(attachment(attachment));
			}
		}
		if (contents.isEmpty()) {
			contents.add(new MessageContent.Unsupported());
		}
		return contents;
	}

	private static MessageContent attachment(Attachment attachment) {
		MessengerPayload.AttachmentPayload payload = attachment.payload();
		String type = (attachment.type() != null) ? attachment.type() : "";
		switch (type) {
			case "image", "video", "audio", "file" -> {
				if (payload != null && payload.url() != null) {
					return MessageContent.Media.of(type, payload.url(), payload.title(), null);
				}
			}
			case "location" -> {
				MessengerPayload.Coordinates coordinates = (payload != null) ? payload.coordinates() : null;
				if (coordinates != null && coordinates.lat() != null && coordinates.longitude() != null) {
					return new MessageContent.Location(coordinates.lat(), coordinates.longitude(), attachment.title());
				}
			}
			default -> {
				// templates, shares, story mentions, reels...: shown as unsupported
			}
		}
		return new MessageContent.Unsupported();
	}

	private static Inbound.Message message(Account account, String contact, Sender sender, String mid,
			MessageContent content, JsonNode raw, Instant sentAt) {
		return new Inbound.Message(account, Contact.of(contact), sender, mid, content, raw, sentAt);
	}

	/**
	 * A stable id for an event that has no mid, so that its redelivery is recognised: a
	 * hash of the item's JSON text as read, as it has always been computed.
	 */
	private static String fingerprint(JsonNode item) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256")
				.digest(item.toString().getBytes(StandardCharsets.UTF_8));
			return "event:" + HexFormat.of().formatHex(digest, 0, 16);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Messenger writes reaction emoji as escaped code points in braces (backslash, u,
	 * {@code {2764}}).
	 */
	private static String decodeEmoji(String emoji) {
		Matcher matcher = CODE_POINT.matcher(emoji);
		StringBuilder decoded = new StringBuilder();
		while (matcher.find()) {
			int codePoint = Integer.parseInt(matcher.group(1), 16);
			matcher.appendReplacement(decoded, Matcher.quoteReplacement(
					Character.isValidCodePoint(codePoint) ? Character.toString(codePoint) : matcher.group()));
		}
		matcher.appendTail(decoded);
		return decoded.toString();
	}

}

package dev.switchboard.source.facebook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.switchboard.source.meta.FacebookProperties;
import dev.switchboard.channel.ChannelService;
import dev.switchboard.channel.ChannelView;
import dev.switchboard.common.pagination.PageRequest;
import dev.switchboard.conversation.ContactProfile;
import dev.switchboard.conversation.ConversationService;
import dev.switchboard.conversation.ConversationService.ConversationRef;
import dev.switchboard.message.InboundMessage;
import dev.switchboard.message.InboundMessage.SenderType;
import dev.switchboard.message.MessageService;
import dev.switchboard.source.inbox.WebhookEvent;
import dev.switchboard.source.inbox.LegacyWebhookHandler;

import org.springframework.context.ApplicationEventPublisher;

/**
 * Processes Messenger and Instagram deliveries ({@code object} {@code page} or
 * {@code instagram}): every entry and every {@code messaging} (and {@code standby}) item
 * of a batch. Messages are unique by their {@code mid} per channel, so a redelivered
 * event changes nothing.
 */
class MessengerWebhookHandler implements LegacyWebhookHandler {

	private static final Logger log = LoggerFactory.getLogger(MessengerWebhookHandler.class);

	private static final JsonNodeFactory nodes = JsonNodeFactory.instance;

	private static final Pattern CODE_POINT = Pattern.compile("\\\\u\\{([0-9A-Fa-f]{1,6})\\}");

	private final String source;

	private final ChannelService channels;

	private final ConversationService conversations;

	private final MessageService messages;

	private final FacebookProperties properties;

	private final ApplicationEventPublisher publisher;

	private final JsonMapper json;

	MessengerWebhookHandler(String source, ChannelService channels, ConversationService conversations,
			MessageService messages, FacebookProperties properties, ApplicationEventPublisher publisher,
			JsonMapper json) {
		this.source = source;
		this.channels = channels;
		this.conversations = conversations;
		this.messages = messages;
		this.properties = properties;
		this.publisher = publisher;
		this.json = json;
	}

	@Override
	public String source() {
		return this.source;
	}

	@Override
	public Outcome handle(WebhookEvent event) {
		JsonNode body;
		try {
			body = this.json.readTree(event.body());
		}
		catch (JacksonException ex) {
			log.warn("Ignored {} webhook event {}: not JSON", this.source, event.id());
			return Outcome.IGNORED;
		}
		// Meta may deliver Instagram events to the page's webhook too: the object decides
		String channelSource = "instagram".equals(body.path("object").asString("")) ? FacebookGraph.INSTAGRAM
				: FacebookGraph.FACEBOOK;
		boolean handled = false;
		for (JsonNode entry : body.path("entry")) {
			Optional<ChannelView> channel = this.channels
				.findBySourceChannelId(channelSource, entry.path("id").asString(""))
				.filter(ChannelView::connected);
			if (channel.isEmpty()) {
				continue;
			}
			handled = true;
			for (JsonNode item : entry.path("messaging")) {
				handleItem(channel.get(), item);
			}
			for (JsonNode item : entry.path("standby")) {
				handleItem(channel.get(), item);
			}
		}
		return handled ? Outcome.DONE : Outcome.IGNORED;
	}

	private void handleItem(ChannelView channel, JsonNode item) {
		String sender = item.path("sender").path("id").asString(null);
		Instant sentAt = item.has("timestamp") ? Instant.ofEpochMilli(item.path("timestamp").asLong()) : null;
		JsonNode message = item.path("message");
		if (message.isObject()) {
			if (message.path("is_echo").asBoolean(false)) {
				echo(channel, item, message, sentAt);
			}
			else if (message.path("is_deleted").asBoolean(false)) {
				deleted(channel, item, message, sender, sentAt);
			}
			else {
				receiveParts(channel, sender, SenderType.CONTACT, null, message, item, sentAt);
			}
		}
		else if (item.path("postback").isObject()) {
			JsonNode postback = item.get("postback");
			ObjectNode content = nodes.objectNode().put("type", "postback");
			if (postback.hasNonNull("title")) {
				content.put("text", postback.get("title").asString());
			}
			content.put("payload", postback.path("payload").asString(""));
			String mid = postback.path("mid").asString(null);
			receive(channel, sender, SenderType.CONTACT, null, (mid != null) ? mid : fingerprint(item), content, item,
					sentAt);
		}
		else if (item.path("reaction").isObject()) {
			react(channel, item.get("reaction"), sentAt);
		}
		else if (item.path("delivery").isObject()) {
			receipt(channel, sender, item.get("delivery"), false);
		}
		else if (item.path("read").isObject()) {
			receipt(channel, sender, item.get("read"), true);
		}
		else if (sender != null && !sender.equals(channel.sourceChannelId())) {
			receive(channel, sender, SenderType.CONTACT, null, fingerprint(item), unsupported(), item, sentAt);
		}
	}

	/**
	 * The typed contents of a message: quick reply or text, then one per attachment;
	 * {@code unsupported} when nothing is recognised.
	 */
	private static List<JsonNode> contents(JsonNode message) {
		List<JsonNode> contents = new ArrayList<>();
		String text = message.path("text").asString(null);
		JsonNode quickReply = message.path("quick_reply");
		if (quickReply.hasNonNull("payload")) {
			ObjectNode postback = nodes.objectNode().put("type", "postback");
			if (text != null) {
				postback.put("text", text);
			}
			contents.add(postback.put("payload", quickReply.get("payload").asString()));
		}
		else if (text != null) {
			contents.add(nodes.objectNode().put("type", "text").put("text", text));
		}
		for (JsonNode attachment : message.path("attachments")) {
			contents.add(attachment(attachment));
		}
		if (contents.isEmpty()) {
			contents.add(unsupported());
		}
		return contents;
	}

	private static JsonNode attachment(JsonNode attachment) {
		String type = attachment.path("type").asString("");
		JsonNode payload = attachment.path("payload");
		switch (type) {
			case "image", "video", "audio", "file" -> {
				String url = payload.path("url").asString(null);
				if (url != null) {
					ObjectNode content = nodes.objectNode().put("type", type).put("url", url);
					if (payload.hasNonNull("title")) {
						content.put("name", payload.get("title").asString());
					}
					return content;
				}
			}
			case "location" -> {
				JsonNode coordinates = payload.path("coordinates");
				if (coordinates.path("lat").isNumber() && coordinates.path("long").isNumber()) {
					ObjectNode content = nodes.objectNode()
						.put("type", "location")
						.put("latitude", coordinates.get("lat").asDouble())
						.put("longitude", coordinates.get("long").asDouble());
					if (attachment.hasNonNull("title")) {
						content.put("name", attachment.get("title").asString());
					}
					return content;
				}
			}
			default -> {
				// templates, shares, story mentions, reels...: shown as unsupported
			}
		}
		return unsupported();
	}

	/**
	 * An echo of a message the page sent. Our own sends (our app id) never become
	 * messages: the sender stores their mid itself, even when the echo comes first.
	 * Others (the page's inbox, another app) are the business writing outside this API.
	 */
	private void echo(ChannelView channel, JsonNode item, JsonNode message, Instant sentAt) {
		String mid = message.path("mid").asString(null);
		String appId = message.path("app_id").asString(null);
		if (appId != null && appId.equals(this.properties.appId())) {
			return;
		}
		if (mid != null && this.messages.findBySourceId(channel.id(), mid).isPresent()) {
			return;
		}
		String contact = item.path("recipient").path("id").asString(null);
		if (contact == null) {
			return;
		}
		// Instagram's echoes carry no app id: one that arrives while our send to this
		// contact is still in flight may be that send, so it waits for the send's mid
		Optional<ConversationRef> existing = this.conversations.find(channel.id(), contact);
		if (existing.isPresent() && sendInFlight(existing.get())) {
			throw new IllegalStateException("An echo arrived while a send to its contact is in flight; retried later");
		}
		String senderId = (appId != null) ? appId : item.path("sender").path("id").asString(null);
		receiveParts(channel, contact, SenderType.BUSINESS, senderId, message, item, sentAt);
	}

	private boolean sendInFlight(ConversationRef conversation) {
		return this.messages.list(conversation.id(), PageRequest.first(), true)
			.data()
			.stream()
			.anyMatch(
					(message) -> "app_user".equals(message.senderType()) && "PENDING".equals(message.deliveryState()));
	}

	private void deleted(ChannelView channel, JsonNode item, JsonNode message, String sender, Instant sentAt) {
		String mid = message.path("mid").asString(null);
		if (mid != null && this.messages.setMetadata(channel.id(), mid, List.of("deleted"), nodes.booleanNode(true))) {
			return;
		}
		receive(channel, sender, SenderType.CONTACT, null, (mid != null) ? mid : fingerprint(item), unsupported(), item,
				sentAt);
	}

	private void react(ChannelView channel, JsonNode reaction, Instant sentAt) {
		String mid = reaction.path("mid").asString(null);
		if (mid == null) {
			return;
		}
		JsonNode value = nodes.nullNode();
		if (!"unreact".equals(reaction.path("action").asString(""))) {
			ObjectNode react = nodes.objectNode()
				.put("emoji", decodeEmoji(reaction.path("emoji").asString("")))
				.put("reaction", reaction.path("reaction").asString(null));
			if (sentAt != null) {
				react.put("sent_at", sentAt.toString());
			}
			value = react;
		}
		this.messages.setMetadata(channel.id(), mid, List.of("reaction"), value);
	}

	/**
	 * Messenger's receipts name a watermark (everything sent before it); Instagram's read
	 * receipts name the message read.
	 */
	private void receipt(ChannelView channel, String contact, JsonNode receipt, boolean read) {
		if (contact == null) {
			return;
		}
		Optional<ConversationRef> conversation = this.conversations.find(channel.id(), contact);
		if (conversation.isEmpty()) {
			return;
		}
		Instant watermark = null;
		if (receipt.path("watermark").isNumber()) {
			watermark = Instant.ofEpochMilli(receipt.get("watermark").asLong());
		}
		else if (receipt.hasNonNull("mid")) {
			watermark = this.messages.findBySourceId(channel.id(), receipt.get("mid").asString())
				.map((message) -> message.sentAt())
				.orElse(null);
		}
		if (watermark != null) {
			this.messages.receiptUpTo(conversation.get().id(), watermark, read);
		}
	}

	private void receive(ChannelView channel, String contact, SenderType senderType, String senderId, String mid,
			JsonNode content, JsonNode raw, Instant sentAt) {
		if (contact == null) {
			return;
		}
		ConversationService.Started started = this.conversations.start(channel, contact, ContactProfile.named(contact));
		if (started.created()) {
			this.publisher
				.publishEvent(new NewContact(started.conversation().id(), channel.id(), channel.source(), contact));
		}
		this.messages.receive(started.conversation(),
				new InboundMessage(senderType, senderId, null, mid, content, raw, sentAt));
	}

	/**
	 * Stores each part of a message (its text, each attachment) as a message: the first
	 * under the mid, the next as {@code mid#1}, ... A microsecond apart, so they list in
	 * the order sent.
	 */
	private void receiveParts(ChannelView channel, String contact, SenderType senderType, String senderId,
			JsonNode message, JsonNode raw, Instant sentAt) {
		String mid = message.path("mid").asString(null);
		List<JsonNode> contents = contents(message);
		for (int i = 0; i < contents.size(); i++) {
			receive(channel, contact, senderType, senderId, (mid == null || i == 0) ? mid : mid + "#" + i,
					contents.get(i), raw, (sentAt != null) ? sentAt.plusNanos(i * 1000L) : null);
		}
	}

	/** A stable id for an event that has no mid, so that its redelivery is recognised. */
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

	private static ObjectNode unsupported() {
		return nodes.objectNode().put("type", "unsupported");
	}

	/**
	 * Messenger writes reaction emoji as escaped code points in braces (backslash, u,
	 * {@code {2764}}).
	 */

	static String decodeEmoji(String emoji) {
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

	/**
	 * A contact seen for the first time, whose profile is fetched once after the commit.
	 *
	 * @param conversationId the new conversation
	 * @param channelId its channel
	 * @param source the channel's source
	 * @param contactId the contact's platform id
	 */
	record NewContact(UUID conversationId, UUID channelId, String source, String contactId) {
	}

}

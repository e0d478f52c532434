package dev.switchboard.message;

import java.net.URI;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.switchboard.common.error.BadRequestException;

/**
 * The {@code message} of {@code messages.send} and {@code chatplugin.send}, checked and
 * turned into typed content.
 * <p>
 * {@code {text}} becomes {@code text}; {@code {attachment: {type, url, name?}}}
 * (optionally with {@code text} as a caption) becomes {@code image|video|audio|file};
 * {@code {template}} becomes {@code template}; {@code {source_payload}} is kept as the
 * platform's own message object, shown as {@code unsupported} content with the payload in
 * {@code source_content}.
 */
public final class MessageContent {

	static final int MAX_TEXT = 4096;

	static final int MAX_PAYLOAD_CHARS = 64 * 1024;

	private static final Set<String> ATTACHMENT_TYPES = Set.of("image", "video", "audio", "file");

	private static final JsonNodeFactory nodes = JsonNodeFactory.instance;

	private MessageContent() {
	}

	/**
	 * The typed content of a send request.
	 * @throws BadRequestException when the message is empty or malformed
	 */
	public static OutboundMessage.Content parse(JsonNode message) {
		if (message == null || !message.isObject()) {
			throw new BadRequestException(
					"message: must be an object with text, attachment, template or source_payload");
		}
		JsonNode payload = message.get("source_payload");
		if (payload != null) {
			requireObject(payload, "message.source_payload");
			return new OutboundMessage.Content("source_payload", payload);
		}
		JsonNode template = message.get("template");
		if (template != null) {
			requireObject(template, "message.template");
			ObjectNode content = nodes.objectNode().put("type", "template");
			content.set("template", template);
			return new OutboundMessage.Content("template", content);
		}
		String text = text(message.get("text"), "message.text");
		JsonNode attachment = message.get("attachment");
		if (attachment != null) {
			return new OutboundMessage.Content(attachmentType(attachment), attachment(attachment, text));
		}
		if (text == null) {
			throw new BadRequestException("message: must have text, attachment, template or source_payload");
		}
		return new OutboundMessage.Content("text", nodes.objectNode().put("type", "text").put("text", text));
	}

	/**
	 * The content as stored and shown: a source payload shows as {@code unsupported}.
	 */
	public static JsonNode stored(OutboundMessage.Content content) {
		return "source_payload".equals(content.type()) ? nodes.objectNode().put("type", "unsupported") : content.json();
	}

	private static String attachmentType(JsonNode attachment) {
		requireObject(attachment, "message.attachment");
		String type = text(attachment.get("type"), "message.attachment.type");
		if (type == null || !ATTACHMENT_TYPES.contains(type)) {
			throw new BadRequestException("message.attachment.type: must be one of image, video, audio, file");
		}
		return type;
	}

	private static ObjectNode attachment(JsonNode attachment, String caption) {
		String url = text(attachment.get("url"), "message.attachment.url");
		if (url == null || !isWebUrl(url)) {
			throw new BadRequestException("message.attachment.url: must be an absolute http(s) URL");
		}
		ObjectNode content = nodes.objectNode().put("type", attachment.get("type").asString()).put("url", url);
		String name = text(attachment.get("name"), "message.attachment.name");
		if (name != null) {
			content.put("name", limit(name, 256, "message.attachment.name"));
		}
		if (caption != null) {
			content.put("text", caption);
		}
		return content;
	}

	private static String text(JsonNode node, String field) {
		if (node == null || node.isNull()) {
			return null;
		}
		if (!node.isString() || node.asString().isBlank()) {
			throw new BadRequestException(field + ": must be a non-blank string");
		}
		return limit(node.asString(), MAX_TEXT, field);
	}

	/** Limits count characters (code points), not UTF-16 units: an emoji is one. */
	private static String limit(String value, int max, String field) {
		if (value.codePointCount(0, value.length()) > max) {
			throw new BadRequestException(field + ": must be at most " + max + " characters");
		}
		return value;
	}

	private static void requireObject(JsonNode node, String field) {
		if (!node.isObject()) {
			throw new BadRequestException(field + ": must be an object");
		}
		if (node.toString().length() > MAX_PAYLOAD_CHARS) {
			throw new BadRequestException(field + ": must be at most " + MAX_PAYLOAD_CHARS + " characters of JSON");
		}
	}

	static boolean isWebUrl(String value) {
		if (value.length() > 2048) {
			return false;
		}
		try {
			URI uri = new URI(value);
			return uri.isAbsolute() && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
					&& uri.getHost() != null;
		}
		catch (Exception ex) {
			return false;
		}
	}

}

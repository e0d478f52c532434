package dev.switchboard.message;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import tools.jackson.databind.JsonNode;

import dev.switchboard.common.error.BadRequestException;
import dev.switchboard.common.error.InvalidFieldsException;

import org.springframework.stereotype.Component;

/**
 * The {@code message} of {@code messages.send} and {@code chatplugin.send} turned into
 * typed content: {@code {text}} is text; {@code {attachment: {type, url, name?}}}
 * (optionally with {@code text} as its caption) is media; {@code {template}} a template;
 * {@code {source_payload}} the platform's own message object. The JSON shapes are checked
 * here, the values by the content's Bean Validation constraints.
 */
@Component
class MessageRequests {

	static final int MAX_PAYLOAD_CHARS = 64 * 1024;

	private static final Set<String> ATTACHMENT_TYPES = Set.of("image", "video", "audio", "file");

	private final Validator validator;

	MessageRequests(Validator validator) {
		this.validator = validator;
	}

	/**
	 * The typed content of a send request.
	 * @throws BadRequestException when the message is empty or malformed
	 */
	MessageContent content(JsonNode message) {
		return content(message, "message");
	}

	/**
	 * The typed content of a message given in the request field {@code field} (a
	 * template's {@code content}, say), errors named after that field.
	 * @throws BadRequestException when the message is empty or malformed
	 */
	MessageContent content(JsonNode message, String field) {
		MessageContent content = parse(message, field);
		Set<ConstraintViolation<MessageContent>> violations = this.validator.validate(content);
		if (!violations.isEmpty()) {
			Map<String, String> errors = new LinkedHashMap<>();
			for (ConstraintViolation<MessageContent> violation : violations) {
				errors.merge(field(field, content, violation.getPropertyPath().toString()), violation.getMessage(),
						(first, second) -> first + "; " + second);
			}
			throw new InvalidFieldsException(errors);
		}
		return content;
	}

	/** Where a content field came from in the request. */
	private static String field(String field, MessageContent content, String property) {
		if (content instanceof MessageContent.Media && !"text".equals(property)) {
			return field + ".attachment." + property;
		}
		return field + "." + property;
	}

	private static MessageContent parse(JsonNode message, String field) {
		if (message == null || !message.isObject()) {
			throw new BadRequestException(
					field + ": must be an object with text, attachment, template or source_payload");
		}
		JsonNode payload = message.get("source_payload");
		if (payload != null) {
			requireObject(payload, field + ".source_payload");
			return new MessageContent.SourcePayload(payload);
		}
		JsonNode template = message.get("template");
		if (template != null) {
			requireObject(template, field + ".template");
			return new MessageContent.Template(template);
		}
		String text = string(message.get("text"), field + ".text");
		JsonNode attachment = message.get("attachment");
		if (attachment != null) {
			requireObject(attachment, field + ".attachment");
			String type = string(attachment.get("type"), field + ".attachment.type");
			if (type == null || !ATTACHMENT_TYPES.contains(type)) {
				throw new BadRequestException(field + ".attachment.type: must be one of image, video, audio, file");
			}
			String url = string(attachment.get("url"), field + ".attachment.url");
			if (url == null) {
				throw new BadRequestException(field + ".attachment.url: " + WebUrl.MESSAGE);
			}
			return MessageContent.Media.of(type, url, string(attachment.get("name"), field + ".attachment.name"), text);
		}
		if (text == null) {
			throw new BadRequestException(field + ": must have text, attachment, template or source_payload");
		}
		return new MessageContent.Text(text);
	}

	private static String string(JsonNode node, String field) {
		if (node == null || node.isNull()) {
			return null;
		}
		if (!node.isString() || node.asString().isBlank()) {
			throw new BadRequestException(field + ": must be a non-blank string");
		}
		return node.asString();
	}

	private static void requireObject(JsonNode node, String field) {
		if (!node.isObject()) {
			throw new BadRequestException(field + ": must be an object");
		}
		if (node.toString().length() > MAX_PAYLOAD_CHARS) {
			throw new BadRequestException(field + ": must be at most " + MAX_PAYLOAD_CHARS + " characters of JSON");
		}
	}

}

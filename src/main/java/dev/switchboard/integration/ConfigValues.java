package dev.switchboard.integration;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.switchboard.channel.AccountConfig;
import dev.switchboard.common.error.BadRequestException;
import dev.switchboard.common.error.InvalidFieldsException;

/**
 * The {@code config} objects of integrations and accounts: masking their secrets, and
 * merging a request into the stored values (absent keys kept, a masked value kept,
 * {@code null} removes), with each value's type checked.
 */
final class ConfigValues {

	static final String MASK = "••••";

	private static final int MAX_KEYS = 50;

	private static final int MAX_LENGTH = 4096;

	private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9_]{0,63}");

	private static final Pattern VERSION = Pattern.compile("v\\d{1,3}\\.\\d{1,3}");

	/** What a known key holds. */
	enum Kind {

		/** A non-blank string. */
		TEXT,

		/** A Graph API version: {@code v23.0}. */
		GRAPH_VERSION,

		/** A TCP port, 1 to 65535. */
		PORT,

		/** {@code true} or {@code false}. */
		FLAG,

		/** Any string, number or boolean. */
		SCALAR

	}

	private static final Map<String, Kind> META = Map.of("app_id", Kind.TEXT, "app_secret", Kind.TEXT, "verify_token",
			Kind.TEXT, "graph_api_version", Kind.GRAPH_VERSION);

	private static final Map<String, Kind> EMAIL = Map.ofEntries(Map.entry("smtp_host", Kind.TEXT),
			Map.entry("smtp_port", Kind.PORT), Map.entry("smtp_username", Kind.TEXT),
			Map.entry("smtp_password", Kind.TEXT), Map.entry("smtp_starttls", Kind.FLAG),
			Map.entry("smtp_ssl", Kind.FLAG), Map.entry("imap_host", Kind.TEXT), Map.entry("imap_port", Kind.PORT),
			Map.entry("imap_username", Kind.TEXT), Map.entry("imap_password", Kind.TEXT),
			Map.entry("imap_ssl", Kind.FLAG), Map.entry("from_address", Kind.TEXT), Map.entry("from_name", Kind.TEXT));

	private ConfigValues() {
	}

	/**
	 * The known keys of an integration of a channel type and their kinds.
	 */
	static Map<String, Kind> integrationKeys(String channelType) {
		return "email".equals(channelType) ? EMAIL : META;
	}

	/**
	 * {@code "••••"} and the last 4 characters; only the mark for a value shorter than
	 * 12.
	 */
	static String mask(String value) {
		return (value.length() < 12) ? MASK : MASK + value.substring(value.length() - 4);
	}

	/**
	 * The config as answers show it: every sensitive value masked.
	 */
	static ObjectNode masked(Map<String, JsonNode> config) {
		ObjectNode masked = JsonNodeFactory.instance.objectNode();
		new TreeMap<>(config).forEach((key, value) -> masked.set(key,
				AccountConfig.isSensitive(key) ? JsonNodeFactory.instance.stringNode(mask(text(value))) : value));
		return masked;
	}

	/**
	 * The stored config with a request's merged in.
	 * @param stored the values stored now
	 * @param request the request's {@code config}, or {@code null} to keep all
	 * @param kinds the known keys' kinds; any other key takes a scalar
	 * @throws InvalidFieldsException naming each key whose value is of the wrong type
	 */
	static Map<String, JsonNode> merge(Map<String, JsonNode> stored, JsonNode request, Map<String, Kind> kinds) {
		Map<String, JsonNode> merged = new LinkedHashMap<>(stored);
		if (request == null) {
			return merged;
		}
		if (!request.isObject()) {
			throw new BadRequestException("config: must be an object");
		}
		Map<String, String> errors = new TreeMap<>();
		for (Map.Entry<String, JsonNode> entry : request.properties()) {
			String key = entry.getKey();
			JsonNode value = entry.getValue();
			if (!KEY.matcher(key).matches()) {
				errors.put("config." + key, "keys are 1 to 64 lower-case letters, digits and _, from a letter");
				continue;
			}
			if (value.isNull()) {
				merged.remove(key);
				continue;
			}
			boolean sensitive = AccountConfig.isSensitive(key);
			if (sensitive && value.isString() && value.asString().startsWith(MASK)) {
				JsonNode current = stored.get(key);
				if (current != null && mask(text(current)).equals(value.asString())) {
					continue;
				}
				errors.put("config." + key, "is a masked value that is not the stored one; send the secret itself");
				continue;
			}
			String problem = problem(kinds.getOrDefault(key, Kind.SCALAR), value);
			if (problem != null) {
				errors.put("config." + key, problem);
				continue;
			}
			merged.put(key, value);
		}
		if (merged.size() > MAX_KEYS) {
			errors.put("config", "holds at most " + MAX_KEYS + " keys");
		}
		if (!errors.isEmpty()) {
			throw new InvalidFieldsException(errors);
		}
		return merged;
	}

	private static String problem(Kind kind, JsonNode value) {
		if (value.isString() && value.asString().length() > MAX_LENGTH) {
			return "must be at most " + MAX_LENGTH + " characters";
		}
		return switch (kind) {
			case TEXT -> (value.isString() && !value.asString().isBlank()) ? null
					: "must be a non-blank string (null removes it)";
			case GRAPH_VERSION -> (value.isString() && VERSION.matcher(value.asString()).matches()) ? null
					: "must be a Graph API version such as v23.0";
			case PORT -> (value.isIntegralNumber() && value.asInt() >= 1 && value.asInt() <= 65535) ? null
					: "must be a port number, 1 to 65535";
			case FLAG -> value.isBoolean() ? null : "must be true or false";
			case SCALAR -> (value.isString() || value.isNumber() || value.isBoolean()) ? null
					: "must be a string, a number or a boolean";
		};
	}

	/**
	 * A value's text form (strings unquoted).
	 */
	static String text(JsonNode value) {
		return value.isString() ? value.asString() : value.toString();
	}

	/**
	 * Text values as config nodes.
	 */
	static Map<String, JsonNode> nodes(Map<String, String> values) {
		Map<String, JsonNode> nodes = new LinkedHashMap<>();
		values.forEach((key, value) -> nodes.put(key, JsonNodeFactory.instance.stringNode(value)));
		return nodes;
	}

	/**
	 * Config nodes in their text forms.
	 */
	static Map<String, String> texts(Map<String, JsonNode> values) {
		Map<String, String> texts = new LinkedHashMap<>();
		values.forEach((key, value) -> texts.put(key, text(value)));
		return texts;
	}

}

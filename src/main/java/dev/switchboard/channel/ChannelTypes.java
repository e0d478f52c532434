package dev.switchboard.channel;

import java.util.List;
import java.util.Map;

import dev.switchboard.common.error.BadRequestException;

/**
 * The channel types of the integrations API (seed 002) and the source each one is:
 * {@code messenger} is the {@code facebook} source, the others have their own name.
 */
public final class ChannelTypes {

	/** Every channel type, in the order the API names them. */
	public static final List<String> ALL = List.of("whatsapp", "messenger", "instagram", "email");

	private static final Map<String, String> SOURCES = Map.of("whatsapp", "whatsapp", "messenger", "facebook",
			"instagram", "instagram", "email", "email");

	private ChannelTypes() {
	}

	/**
	 * The source of a channel type.
	 * @throws BadRequestException for a name that is no channel type
	 */
	public static String source(String type) {
		String source = (type != null) ? SOURCES.get(type) : null;
		if (source == null) {
			throw new BadRequestException("Unknown channel type '" + type + "'; use one of " + ALL + ".");
		}
		return source;
	}

	/**
	 * The channel type of a source, or {@code null} when it is none (the chat plugin).
	 */
	public static String type(String source) {
		return SOURCES.entrySet()
			.stream()
			.filter((entry) -> entry.getValue().equals(source))
			.map(Map.Entry::getKey)
			.findFirst()
			.orElse(null);
	}

}

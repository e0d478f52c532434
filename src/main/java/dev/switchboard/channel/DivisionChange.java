package dev.switchboard.channel;

import java.util.Optional;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

import dev.switchboard.common.error.BadRequestException;

/**
 * A request's change of a channel's division, bound as a node so that an absent field and
 * a JSON {@code null} differ: absent keeps the division, {@code null} clears it, a
 * division id sets it.
 */
public final class DivisionChange {

	private DivisionChange() {
	}

	/**
	 * The new division, empty for none, or {@code null} to keep it.
	 * @param field the field's name in the request, for the error
	 * @throws BadRequestException for anything but a division id or {@code null}
	 */
	@SuppressWarnings("OptionalAssignedToNull")
	public static Optional<UUID> of(JsonNode value, String field) {
		if (value == null) {
			return null;
		}
		if (value.isNull()) {
			return Optional.empty();
		}
		try {
			return Optional.of(UUID.fromString(value.isString() ? value.asString() : ""));
		}
		catch (IllegalArgumentException ex) {
			throw new BadRequestException(field + ": must be a division id or null");
		}
	}

}

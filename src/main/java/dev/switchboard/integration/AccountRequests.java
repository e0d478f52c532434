package dev.switchboard.integration;

import java.util.Optional;
import java.util.UUID;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import tools.jackson.databind.JsonNode;

import dev.switchboard.common.error.BadRequestException;
import dev.switchboard.common.security.HeaderTokens;

/**
 * The request bodies of the integrations API. An absent {@code division_id} keeps the
 * division, a JSON {@code null} clears it: bound as a node, the two differ.
 */
final class AccountRequests {

	private static final String NOT_BLANK = "(?s).*\\S.*";

	private AccountRequests() {
	}

	static Optional<UUID> division(JsonNode divisionId) {
		if (divisionId == null) {
			return null;
		}
		if (divisionId.isNull()) {
			return Optional.empty();
		}
		try {
			return Optional.of(UUID.fromString(divisionId.isString() ? divisionId.asString() : ""));
		}
		catch (IllegalArgumentException ex) {
			throw new BadRequestException("division_id: must be a division id or null");
		}
	}

	record PutIntegration(Boolean isActive, JsonNode config, JsonNode divisionId) {

		@Override
		public String toString() {
			return "PutIntegration[isActive=" + this.isActive + "]";
		}

	}

	record Create(@NotBlank @Size(max = 32) String channel, @Size(max = 100) String accountKey,
			@Pattern(regexp = NOT_BLANK, message = "must not be blank") @Size(max = 200) String displayName,
			Boolean isActive, Boolean isDefault, JsonNode divisionId,
			@Pattern(regexp = HeaderTokens.CHARACTERS + "{8,200}",
					message = "must be 8 to 200 printable ASCII characters without spaces") String verifyToken,
			JsonNode config) {

		Optional<UUID> division() {
			return AccountRequests.division(this.divisionId);
		}

		@Override
		public String toString() {
			return "Create[channel=" + this.channel + ", accountKey=" + this.accountKey + "]";
		}

	}

	record Update(@Size(max = 100) String accountKey,
			@Pattern(regexp = NOT_BLANK, message = "must not be blank") @Size(max = 200) String displayName,
			Boolean isActive, Boolean isDefault, JsonNode divisionId,
			@Pattern(regexp = HeaderTokens.CHARACTERS + "{8,200}",
					message = "must be 8 to 200 printable ASCII characters without spaces") String verifyToken,
			JsonNode config) {

		Optional<UUID> division() {
			return AccountRequests.division(this.divisionId);
		}

		@Override
		public String toString() {
			return "Update[accountKey=" + this.accountKey + "]";
		}

	}

}

package dev.switchboard.common.security;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What a user may do. Admin: everything. Supervisor: everything but channel and user
 * management. Agent: conversations, messages, metadata and reading tags and channels.
 */
public enum Role {

	ADMIN, SUPERVISOR, AGENT;

	/**
	 * The Spring Security authority of this role.
	 */
	public String authority() {
		return "ROLE_" + name();
	}

	@JsonValue
	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static Role of(String value) {
		return valueOf(value.toUpperCase(Locale.ROOT));
	}

}

package dev.switchboard.common.security;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What a request does to its resource, as policies name it.
 */
public enum Action {

	VIEW, CREATE, UPDATE, DELETE;

	@JsonValue
	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

}

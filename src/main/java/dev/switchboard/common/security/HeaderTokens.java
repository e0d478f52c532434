package dev.switchboard.common.security;

import java.util.regex.Pattern;

/**
 * Tokens as they travel in an HTTP header ({@code Authorization: Bearer <token>}):
 * printable ASCII without spaces. HTTP clients refuse any other value with an exception
 * whose message quotes the header, so a token is checked before it is sent.
 */
public final class HeaderTokens {

	/** The characters a token may hold, as a regular expression class. */
	public static final String CHARACTERS = "[\\x21-\\x7E]";

	private static final Pattern TOKEN = Pattern.compile(CHARACTERS + "+");

	private HeaderTokens() {
	}

	/**
	 * Whether the token can travel in a header.
	 */
	public static boolean headerSafe(String token) {
		return token != null && TOKEN.matcher(token).matches();
	}

}

package dev.switchboard.channel;

import java.util.Locale;

/**
 * Which config values of an account or integration are secrets: keys naming a token, a
 * secret, a password or a key. They are sealed at rest and masked in every answer.
 */
public final class AccountConfig {

	private AccountConfig() {
	}

	public static boolean isSensitive(String key) {
		String name = key.toLowerCase(Locale.ROOT);
		return name.contains("token") || name.contains("secret") || name.contains("password") || name.contains("key");
	}

}

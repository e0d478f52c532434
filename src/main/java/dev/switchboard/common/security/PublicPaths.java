package dev.switchboard.common.security;

import java.util.List;

/**
 * Paths a feature serves without a user token (signup, login, webhooks). Each feature
 * declares its own as a bean; everything else needs a user token.
 *
 * @param patterns Ant-style path patterns
 */
public record PublicPaths(List<String> patterns) {

	public static PublicPaths of(String... patterns) {
		return new PublicPaths(List.of(patterns));
	}

}

package dev.switchboard.access;

import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

import dev.switchboard.common.security.Action;

/**
 * One statement of a policy: it allows or denies its actions on the resources its
 * patterns match. A pattern is an absolute path; {@code *} matches exactly one segment, a
 * trailing {@code /**} the path before it and everything below.
 *
 * @param effect allow or deny
 * @param actions the actions it is about
 * @param resources the resource patterns
 */
record Policy(Effect effect, List<Action> actions, List<String> resources) {

	Policy {
		actions = List.copyOf(actions);
		resources = List.copyOf(resources);
	}

	static Policy allow(List<Action> actions, String... resources) {
		return new Policy(Effect.ALLOW, actions, List.of(resources));
	}

	static Policy deny(List<Action> actions, String... resources) {
		return new Policy(Effect.DENY, actions, List.of(resources));
	}

	/**
	 * Whether this statement speaks of the action on the resource.
	 */
	boolean matches(Action action, String resource) {
		return this.actions.contains(action)
				&& this.resources.stream().anyMatch((pattern) -> matches(pattern, resource));
	}

	/**
	 * Whether the pattern matches the resource path. A pattern naming another workspace's
	 * id matches nothing of this one, as the resource names the caller's.
	 */
	static boolean matches(String pattern, String resource) {
		String[] patterns = segments(pattern);
		String[] path = segments(resource);
		boolean subtree = patterns.length > 0 && patterns[patterns.length - 1].equals("**");
		int fixed = subtree ? patterns.length - 1 : patterns.length;
		if (subtree ? path.length < fixed : path.length != fixed) {
			return false;
		}
		for (int i = 0; i < fixed; i++) {
			if (!patterns[i].equals("*") && !patterns[i].equalsIgnoreCase(path[i])) {
				return false;
			}
		}
		return true;
	}

	private static String[] segments(String path) {
		String trimmed = path.startsWith("/") ? path.substring(1) : path;
		return trimmed.isEmpty() ? new String[0] : trimmed.split("/", -1);
	}

	enum Effect {

		ALLOW, DENY;

		@JsonValue
		String value() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

}

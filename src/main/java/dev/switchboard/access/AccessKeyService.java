package dev.switchboard.access;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import dev.switchboard.common.crypto.BearerSecrets;
import dev.switchboard.common.error.InvalidFieldsException;
import dev.switchboard.common.error.NotFoundException;
import dev.switchboard.common.security.Action;
import dev.switchboard.common.security.CurrentMember;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Access keys of the caller's workspace: created with their policies, shown once, listed
 * without their secret, revoked.
 */
@Service
class AccessKeyService {

	static final int MAX_STATEMENTS = 50;

	static final int MAX_RESOURCES = 50;

	private static final String SEGMENT = "(\\*|" + Resources.SEGMENT.pattern() + ")";

	private static final Pattern RESOURCE = Pattern.compile("/\\*\\*|(/" + SEGMENT + ")+(/\\*\\*)?");

	private final AccessKeyRepository keys;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	AccessKeyService(AccessKeyRepository keys, ApplicationEventPublisher events, Clock clock) {
		this.keys = keys;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * Creates a key in the caller's workspace.
	 * @param policies the statements as sent: {@code effect}, {@code actions},
	 * {@code resources}
	 * @return the key with its secret, which is not kept
	 * @throws InvalidFieldsException when a policy or the expiry is invalid
	 */
	@Transactional
	Created create(String name, List<PolicyRequest> policies, Instant expiresAt) {
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
		List<Policy> checked = check(policies, expiresAt, now);
		String secret = AccessKeyCache.PREFIX + BearerSecrets.generate();
		AccessKey key = new AccessKey(UUID.randomUUID(), CurrentMember.workspaceId(), name, checked, now,
				(expiresAt != null) ? expiresAt.truncatedTo(ChronoUnit.MILLIS) : null, null);
		this.keys.insert(key, BearerSecrets.hash(secret), CurrentMember.get().userId());
		return new Created(key, secret);
	}

	/**
	 * The caller's workspace's keys, revoked ones included, oldest first.
	 */
	List<AccessKey> list() {
		return this.keys.list(CurrentMember.workspaceId());
	}

	/**
	 * Revokes a key of the caller's workspace: its next request is refused.
	 * @throws NotFoundException for an unknown key or another workspace's
	 */
	@Transactional
	AccessKey revoke(UUID id) {
		AccessKey key = this.keys.revoke(CurrentMember.workspaceId(), id, this.clock.instant())
			.orElseThrow(() -> new NotFoundException("No such access key."));
		this.events.publishEvent(new AccessKeyCache.AccessKeyRevoked(id));
		return key;
	}

	private static List<Policy> check(List<PolicyRequest> policies, Instant expiresAt, Instant now) {
		Map<String, String> errors = new LinkedHashMap<>();
		if (expiresAt != null && !expiresAt.isAfter(now)) {
			errors.put("expires_at", "must be in the future");
		}
		if (policies == null || policies.isEmpty() || policies.size() > MAX_STATEMENTS) {
			errors.put("policies", "must hold 1 to " + MAX_STATEMENTS + " statements");
			throw new InvalidFieldsException(errors);
		}
		List<Policy> checked = new ArrayList<>();
		for (int i = 0; i < policies.size(); i++) {
			String field = "policies[" + i + "]";
			PolicyRequest policy = policies.get(i);
			if (policy == null) {
				errors.put(field, "must be a statement");
				continue;
			}
			Policy.Effect effect = effect(policy.effect());
			if (effect == null) {
				errors.put(field + ".effect", "must be allow or deny");
			}
			List<Action> actions = actions(policy.actions());
			if (actions == null) {
				errors.put(field + ".actions", "must name 1 to 4 of view, create, update, delete");
			}
			List<String> resources = policy.resources();
			if (resources == null || resources.isEmpty() || resources.size() > MAX_RESOURCES) {
				errors.put(field + ".resources", "must hold 1 to " + MAX_RESOURCES + " resource patterns");
			}
			else {
				for (int j = 0; j < resources.size(); j++) {
					String resource = resources.get(j);
					if (resource == null || resource.length() > 1024 || !RESOURCE.matcher(resource).matches()) {
						errors.put(field + ".resources[" + j + "]", "must be an absolute path of segments,"
								+ " with * a whole segment and /** only at the end");
					}
				}
			}
			if (effect != null && actions != null && !errors.containsKey(field + ".resources")) {
				checked.add(new Policy(effect, actions, resources));
			}
		}
		if (!errors.isEmpty()) {
			throw new InvalidFieldsException(errors);
		}
		return checked;
	}

	private static Policy.Effect effect(String effect) {
		return switch ((effect != null) ? effect : "") {
			case "allow" -> Policy.Effect.ALLOW;
			case "deny" -> Policy.Effect.DENY;
			default -> null;
		};
	}

	private static List<Action> actions(List<String> actions) {
		if (actions == null || actions.isEmpty()) {
			return null;
		}
		List<Action> checked = new ArrayList<>();
		for (String action : actions) {
			if (action == null || !action.equals(action.toLowerCase(Locale.ROOT))) {
				return null;
			}
			try {
				Action named = Action.valueOf(action.toUpperCase(Locale.ROOT));
				if (!checked.contains(named)) {
					checked.add(named);
				}
			}
			catch (IllegalArgumentException ex) {
				return null;
			}
		}
		return checked;
	}

	/**
	 * A policy statement as a request gives it, before it is checked.
	 *
	 * @param effect {@code allow} or {@code deny}
	 * @param actions some of {@code view}, {@code create}, {@code update}, {@code delete}
	 * @param resources resource patterns
	 */
	record PolicyRequest(String effect, List<String> actions, List<String> resources) {
	}

	/**
	 * A key just created.
	 *
	 * @param key the key
	 * @param secret the key itself, shown once
	 */
	record Created(AccessKey key, String secret) {

		@Override
		public String toString() {
			return "Created[" + this.key.id() + "]";
		}

	}

}

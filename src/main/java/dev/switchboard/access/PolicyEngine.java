package dev.switchboard.access;

import java.util.List;

import dev.switchboard.common.security.Action;

/**
 * The one authorisation rule, for roles and access keys alike: a request is allowed when
 * some allow statement matches its action and resource and no deny statement does.
 */
final class PolicyEngine {

	private PolicyEngine() {
	}

	static boolean allows(List<Policy> policies, Action action, String resource) {
		boolean allowed = false;
		for (Policy policy : policies) {
			if (policy.matches(action, resource)) {
				if (policy.effect() == Policy.Effect.DENY) {
					return false;
				}
				allowed = true;
			}
		}
		return allowed;
	}

}

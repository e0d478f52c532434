package dev.switchboard.access;

import dev.switchboard.common.security.Action;
import dev.switchboard.common.security.CurrentMember;
import dev.switchboard.common.security.Member;

import org.springframework.stereotype.Component;

/**
 * Asks the policy engine about a resource other than the request's own: what a list shows
 * is what the caller may view one by one (a key limited to one channel lists that channel
 * only).
 */
@Component
public class Permissions {

	/**
	 * Whether the caller's policies (its role's or its access key's) allow the action on
	 * the resource.
	 * @param resource a concrete path ({@code /workspaces/<id>/channels/<id>})
	 */
	public boolean allows(Action action, String resource) {
		Member member = CurrentMember.get();
		return PolicyEngine.allows(EndpointAuthorization.policies(member), action, resource);
	}

}

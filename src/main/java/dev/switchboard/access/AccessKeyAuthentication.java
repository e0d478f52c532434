package dev.switchboard.access;

import java.util.List;
import java.util.UUID;

import dev.switchboard.common.security.Member;
import dev.switchboard.common.security.MemberAuthentication;

/**
 * A request made with an access key, with the key's policies as they were when the
 * request began.
 */
class AccessKeyAuthentication extends MemberAuthentication {

	private final List<Policy> policies;

	AccessKeyAuthentication(UUID keyId, String name, UUID workspaceId, List<Policy> policies) {
		super(Member.of(new Member.AccessKey(keyId, name), workspaceId), null);
		this.policies = List.copyOf(policies);
	}

	List<Policy> policies() {
		return this.policies;
	}

}

package dev.switchboard.common.security;

import java.util.Optional;
import java.util.UUID;

/**
 * The current state of members, for work that outlives a request (a STOMP connection
 * receiving events): a role or division change, or a deactivation, applies to it as it
 * does to the next request.
 */
public interface MemberDirectory {

	/**
	 * The user as an active member of the workspace now, or empty when they are none.
	 */
	Optional<Member> find(UUID userId, UUID workspaceId);

}

package dev.switchboard.common.security;

import java.util.Set;
import java.util.UUID;

/**
 * Who makes a request: a user acting in one workspace with their role there. Every
 * endpoint of the conversation API acts inside {@link #workspaceId()}.
 *
 * @param userId the user
 * @param workspaceId the workspace the token is bound to
 * @param role the user's role in it
 * @param divisionIds the divisions of the workspace the user belongs to
 */
public record Member(UUID userId, UUID workspaceId, Role role, Set<UUID> divisionIds) {

	public Member {
		divisionIds = Set.copyOf(divisionIds);
	}

	/**
	 * A member of no division.
	 */
	public Member(UUID userId, UUID workspaceId, Role role) {
		this(userId, workspaceId, role, Set.of());
	}

	/**
	 * Whether the member sees the whole workspace (admins and supervisors), rather than
	 * what their divisions allow.
	 */
	public boolean seesEverything() {
		return this.role != Role.AGENT;
	}

	/**
	 * Whether the member sees what belongs to a channel of the division: everyone sees
	 * channels without a division, agents only those of their divisions.
	 * @param divisionId the channel's division, or {@code null}
	 */
	public boolean sees(UUID divisionId) {
		return divisionId == null || seesEverything() || this.divisionIds.contains(divisionId);
	}

}

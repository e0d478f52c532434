package dev.switchboard.common.security;

import java.util.UUID;

/**
 * Who makes a request: a user acting in one workspace with their role there. Every
 * endpoint of the conversation API acts inside {@link #workspaceId()}.
 *
 * @param userId the user
 * @param workspaceId the workspace the token is bound to
 * @param role the user's role in it
 */
public record Member(UUID userId, UUID workspaceId, Role role) {

	/**
	 * Whether the member sees the whole workspace (admins and supervisors), rather than
	 * what their divisions allow.
	 */
	public boolean seesEverything() {
		return this.role != Role.AGENT;
	}

}

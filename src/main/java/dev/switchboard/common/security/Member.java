package dev.switchboard.common.security;

import java.util.Set;
import java.util.UUID;

/**
 * Who makes a request: a user acting in one workspace with their role there, or an access
 * key acting in its own workspace. Every endpoint of the conversation API acts inside
 * {@link #workspaceId()}.
 *
 * @param userId the user, {@code null} for an access key: endpoints that need a user are
 * {@link Audience#USER} and refuse keys before they run
 * @param workspaceId the workspace the token or key is bound to
 * @param role the user's role in it, {@code null} for an access key
 * @param divisionIds the divisions of the workspace the user belongs to
 * @param accessKey the access key making the request, {@code null} for a user
 */
public record Member(UUID userId, UUID workspaceId, Role role, Set<UUID> divisionIds, AccessKey accessKey) {

	public Member {
		divisionIds = Set.copyOf(divisionIds);
	}

	/**
	 * A user in a workspace.
	 */
	public Member(UUID userId, UUID workspaceId, Role role, Set<UUID> divisionIds) {
		this(userId, workspaceId, role, divisionIds, null);
	}

	/**
	 * A user of no division.
	 */
	public Member(UUID userId, UUID workspaceId, Role role) {
		this(userId, workspaceId, role, Set.of());
	}

	/**
	 * An access key in its workspace.
	 */
	public static Member of(AccessKey key, UUID workspaceId) {
		return new Member(null, workspaceId, null, Set.of(), key);
	}

	/**
	 * Whether this is an access key rather than a user.
	 */
	public boolean isAccessKey() {
		return this.accessKey != null;
	}

	/**
	 * Whether the member sees the whole workspace (admins, supervisors and access keys,
	 * whose policies say what they reach), rather than what their divisions allow.
	 */
	public boolean seesEverything() {
		return isAccessKey() || this.role != Role.AGENT;
	}

	/**
	 * Whether the member sees what belongs to a channel of the division: everyone sees
	 * channels without a division, agents only those of their divisions.
	 * @param divisionId the channel's division, or {@code null}
	 */
	public boolean sees(UUID divisionId) {
		return divisionId == null || seesEverything() || this.divisionIds.contains(divisionId);
	}

	/**
	 * An access key.
	 *
	 * @param id the key's id
	 * @param name its name, recorded as the sender of the messages it sends
	 */
	public record AccessKey(UUID id, String name) {
	}

}

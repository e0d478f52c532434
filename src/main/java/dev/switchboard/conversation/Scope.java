package dev.switchboard.conversation;

import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.switchboard.common.security.CurrentMember;
import dev.switchboard.common.security.Member;

/**
 * The conversations a member may see: those of their workspace, and for an agent only
 * those whose channel has no division or one of the agent's divisions. Every read of
 * conversations on a member's behalf (lists, counts, one conversation, the checks before
 * a change) goes through this condition, so no path can forget it.
 *
 * @param workspaceId the member's workspace
 * @param divisionIds the divisions whose channels the member sees besides those of no
 * division, or {@code null} for every channel (admins and supervisors)
 */
record Scope(UUID workspaceId, Set<UUID> divisionIds) {

	private static final String WORKSPACE = "c.workspace_id = :scope_workspace";

	// a semi-join on the workspace's few channels: the keyset indexes still drive lists
	private static final String DIVISIONS = WORKSPACE + " and c.channel_id in (select ch.id from channels ch"
			+ " where ch.workspace_id = :scope_workspace"
			+ " and (ch.division_id is null or ch.division_id = any(cast(:scope_divisions as uuid[]))))";

	static Scope of(Member member) {
		return new Scope(member.workspaceId(), member.seesEverything() ? null : member.divisionIds());
	}

	/** The scope of the member making the current request. */
	static Scope current() {
		return of(CurrentMember.get());
	}

	/** The condition on {@code conversations c}. */
	String sql() {
		return (this.divisionIds == null) ? WORKSPACE : DIVISIONS;
	}

	Map<String, Object> parameters() {
		if (this.divisionIds == null) {
			return Map.of("scope_workspace", this.workspaceId);
		}
		return Map.of("scope_workspace", this.workspaceId, "scope_divisions",
				this.divisionIds.stream().map(UUID::toString).toArray(String[]::new));
	}

}

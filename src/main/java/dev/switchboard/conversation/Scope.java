package dev.switchboard.conversation;

import java.util.Map;
import java.util.UUID;

import dev.switchboard.common.security.CurrentMember;
import dev.switchboard.common.security.Member;

/**
 * The conversations a member may see: those of their workspace. Every read of
 * conversations on a member's behalf (lists, counts, one conversation, the checks before
 * a change) goes through this condition, so no path can forget it.
 *
 * @param workspaceId the member's workspace
 */
record Scope(UUID workspaceId) {

	/** The condition on {@code conversations c}. */
	static final String SQL = "c.workspace_id = :scope_workspace";

	static Scope of(Member member) {
		return new Scope(member.workspaceId());
	}

	/** The scope of the member making the current request. */
	static Scope current() {
		return of(CurrentMember.get());
	}

	Map<String, Object> parameters() {
		return Map.of("scope_workspace", this.workspaceId);
	}

}

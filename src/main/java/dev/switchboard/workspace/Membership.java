package dev.switchboard.workspace;

import java.time.Instant;
import java.util.UUID;

import dev.switchboard.common.security.Role;

/**
 * A user's membership of a workspace.
 *
 * @param workspaceId the workspace
 * @param workspaceName its name
 * @param userId the user
 * @param role the user's role there
 * @param active {@code false} once deactivated: the user's tokens for it are refused
 * @param createdAt when the user joined
 */
public record Membership(UUID workspaceId, String workspaceName, UUID userId, Role role, boolean active,
		Instant createdAt) {

}

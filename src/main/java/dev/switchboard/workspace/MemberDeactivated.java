package dev.switchboard.workspace;

import java.util.UUID;

/**
 * A user lost access to a workspace: their membership was deactivated or removed.
 * Published in the changing transaction, so that what the user held there (their
 * assignments) is given up in it too.
 *
 * @param workspaceId the workspace
 * @param userId the user
 */
public record MemberDeactivated(UUID workspaceId, UUID userId) {

}

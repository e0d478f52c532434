package dev.switchboard.workspace;

import java.util.UUID;

/**
 * A user loses access to a workspace: their membership is being deactivated or removed.
 * Published in the changing transaction before its first write, so that what the user
 * held there (their assignments) is given up in it too, with the conversations' locks
 * taken before any write of it (docs/realtime.md, "Ordering").
 *
 * @param workspaceId the workspace
 * @param userId the user
 */
public record MemberDeactivated(UUID workspaceId, UUID userId) {

}

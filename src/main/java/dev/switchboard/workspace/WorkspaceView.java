package dev.switchboard.workspace;

import java.time.Instant;
import java.util.UUID;

/**
 * A workspace as the API shows it.
 *
 * @param id the workspace id
 * @param name its name
 * @param createdAt when it was created
 */
public record WorkspaceView(UUID id, String name, Instant createdAt) {

}

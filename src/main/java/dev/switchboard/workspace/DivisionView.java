package dev.switchboard.workspace;

import java.util.UUID;

/**
 * A division as the API shows it: a team inside a workspace.
 *
 * @param id the division id
 * @param name its name, unique in the workspace (case-insensitive)
 */
public record DivisionView(UUID id, String name) {

}

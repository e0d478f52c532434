package dev.switchboard.media;

import java.time.Instant;
import java.util.UUID;

/**
 * A stored file of a workspace.
 *
 * @param contentType the type sniffed from the bytes, never the one a client claimed
 * @param filename the name it came with, if any
 * @param size its length in bytes
 */
public record Media(UUID id, UUID workspaceId, String contentType, String filename, long size, Instant createdAt) {

}

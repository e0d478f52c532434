package dev.switchboard.access;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An access key as stored, without its secret.
 *
 * @param id the key's id
 * @param workspaceId the workspace it acts in
 * @param name what it is for
 * @param policies what it may do
 * @param createdAt when it was created
 * @param expiresAt when it stops working, {@code null} for never
 * @param revokedAt when it was revoked, {@code null} while it is not
 */
record AccessKey(UUID id, UUID workspaceId, String name, List<Policy> policies, Instant createdAt, Instant expiresAt,
		Instant revokedAt) {

	AccessKey {
		policies = List.copyOf(policies);
	}

	/** Whether the key authenticates requests at the instant. */
	boolean validAt(Instant now) {
		return this.revokedAt == null && (this.expiresAt == null || this.expiresAt.isAfter(now));
	}

}

package dev.switchboard.user;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import dev.switchboard.common.crypto.BearerSecrets;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Single-use tokens (password reset, invitation). Only a SHA-256 hash is stored, so a
 * database leak reveals no usable token; a token is consumed at most once, even by
 * concurrent requests.
 */
@Component
class OneTimeTokens {

	enum Purpose {

		PASSWORD_RESET, INVITATION

	}

	private final JdbcClient jdbc;

	OneTimeTokens(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Issues a new token for the user, revoking the user's earlier unused ones of the
	 * same purpose (and workspace).
	 * @param workspaceId the workspace an invitation invites into, else {@code null}
	 * @return the token in the clear, to be mailed; it is not kept
	 */
	String issue(UUID userId, UUID workspaceId, Purpose purpose, Duration validity, Instant now) {
		revoke(userId, workspaceId, purpose, now);
		String token = BearerSecrets.generate();
		this.jdbc.sql("""
				insert into user_tokens (token_hash, user_id, workspace_id, purpose, expires_at, created_at)
				values (:hash, :user, :workspace, :purpose, :expires, :now)""")
			.param("hash", BearerSecrets.hash(token))
			.param("user", userId)
			.param("workspace", workspaceId)
			.param("purpose", purpose.name())
			.param("expires", Timestamp.from(now.plus(validity)))
			.param("now", Timestamp.from(now))
			.update();
		return token;
	}

	/**
	 * Marks the token used if it is valid for the purpose and returns whose it is.
	 */
	Optional<Consumed> consume(String token, Purpose purpose, Instant now) {
		return this.jdbc.sql("""
				update user_tokens set used_at = :now
				where token_hash = :hash and purpose = :purpose and used_at is null and expires_at > :now
				returning user_id, workspace_id""")
			.param("hash", BearerSecrets.hash(token))
			.param("purpose", purpose.name())
			.param("now", Timestamp.from(now))
			.query((rs, row) -> new Consumed(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)))
			.optional();
	}

	void revoke(UUID userId, UUID workspaceId, Purpose purpose, Instant now) {
		this.jdbc.sql("""
				update user_tokens set used_at = :now
				where user_id = :user and purpose = :purpose and used_at is null
				    and workspace_id is not distinct from :workspace""")
			.param("now", Timestamp.from(now))
			.param("user", userId)
			.param("purpose", purpose.name())
			.param("workspace", workspaceId)
			.update();
	}

	/**
	 * A token used up.
	 *
	 * @param userId its user
	 * @param workspaceId the workspace of an invitation, else {@code null}
	 */
	record Consumed(UUID userId, UUID workspaceId) {
	}

}

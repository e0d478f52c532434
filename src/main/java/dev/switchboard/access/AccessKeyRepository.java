package dev.switchboard.access;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Access keys, every query scoped to a workspace except the look-up by hash that
 * authenticates a request.
 */
@Repository
class AccessKeyRepository {

	private static final TypeReference<List<Policy>> POLICIES = new TypeReference<>() {
	};

	private static final String COLUMNS = "id, workspace_id, name, policies, created_at, expires_at, revoked_at";

	private final JdbcClient jdbc;

	private final JsonMapper json;

	AccessKeyRepository(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	void insert(AccessKey key, byte[] hash, UUID createdBy) {
		this.jdbc.sql("""
				insert into access_keys (id, workspace_id, name, key_hash, policies, created_by, created_at, expires_at)
				values (:id, :workspace, :name, :hash, cast(:policies as jsonb), :by, :created, :expires)""")
			.param("id", key.id())
			.param("workspace", key.workspaceId())
			.param("name", key.name())
			.param("hash", hash)
			.param("policies", this.json.writeValueAsString(key.policies()))
			.param("by", createdBy)
			.param("created", Timestamp.from(key.createdAt()))
			.param("expires", (key.expiresAt() != null) ? Timestamp.from(key.expiresAt()) : null)
			.update();
	}

	/** The unrevoked key with this hash, in whatever workspace. */
	Optional<AccessKey> findActiveByHash(byte[] hash) {
		return this.jdbc.sql("select " + COLUMNS + " from access_keys where key_hash = :hash and revoked_at is null")
			.param("hash", hash)
			.query(this::key)
			.optional();
	}

	List<AccessKey> list(UUID workspaceId) {
		return this.jdbc
			.sql("select " + COLUMNS + " from access_keys where workspace_id = :workspace" + " order by created_at, id")
			.param("workspace", workspaceId)
			.query(this::key)
			.list();
	}

	/**
	 * Revokes the key unless it already is; empty when the workspace has no such key.
	 */
	Optional<AccessKey> revoke(UUID workspaceId, UUID id, Instant now) {
		this.jdbc
			.sql("update access_keys set revoked_at = :now"
					+ " where workspace_id = :workspace and id = :id and revoked_at is null")
			.param("now", Timestamp.from(now))
			.param("workspace", workspaceId)
			.param("id", id)
			.update();
		return this.jdbc.sql("select " + COLUMNS + " from access_keys where workspace_id = :workspace and id = :id")
			.param("workspace", workspaceId)
			.param("id", id)
			.query(this::key)
			.optional();
	}

	private AccessKey key(ResultSet rs, int row) throws SQLException {
		return new AccessKey(rs.getObject("id", UUID.class), rs.getObject("workspace_id", UUID.class),
				rs.getString("name"), this.json.readValue(rs.getString("policies"), POLICIES),
				instant(rs.getTimestamp("created_at")), instant(rs.getTimestamp("expires_at")),
				instant(rs.getTimestamp("revoked_at")));
	}

	private static Instant instant(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

}

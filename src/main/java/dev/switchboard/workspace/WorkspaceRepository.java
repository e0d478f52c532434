package dev.switchboard.workspace;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.switchboard.common.security.Role;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * SQL for workspaces and memberships.
 */
@Repository
class WorkspaceRepository {

	private static final String MEMBERSHIP = """
			select m.workspace_id, w.name, m.user_id, m.role, m.active, m.created_at
			from memberships m join workspaces w on w.id = m.workspace_id""";

	private final JdbcClient jdbc;

	WorkspaceRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	WorkspaceView insert(String name, Instant now) {
		UUID id = UUID.randomUUID();
		this.jdbc.sql("insert into workspaces (id, name, created_at, updated_at) values (:id, :name, :now, :now)")
			.param("id", id)
			.param("name", name)
			.param("now", Timestamp.from(now))
			.update();
		return new WorkspaceView(id, name, now);
	}

	Optional<WorkspaceView> find(UUID id) {
		return this.jdbc.sql("select id, name, created_at from workspaces where id = :id")
			.param("id", id)
			.query((rs, row) -> new WorkspaceView(rs.getObject(1, UUID.class), rs.getString(2),
					rs.getTimestamp(3).toInstant()))
			.optional();
	}

	boolean rename(UUID id, String name, Instant now) {
		return this.jdbc.sql("update workspaces set name = :name, updated_at = :now where id = :id")
			.param("name", name)
			.param("now", Timestamp.from(now))
			.param("id", id)
			.update() == 1;
	}

	Optional<UUID> oldest() {
		return this.jdbc.sql("select id from workspaces order by created_at, id limit 1").query(UUID.class).optional();
	}

	Optional<Membership> membership(UUID workspaceId, UUID userId) {
		return this.jdbc.sql(MEMBERSHIP + " where m.workspace_id = :workspace and m.user_id = :user")
			.param("workspace", workspaceId)
			.param("user", userId)
			.query(WorkspaceRepository::membership)
			.optional();
	}

	/**
	 * A user's memberships, the one used last first (then the oldest).
	 */
	List<Membership> memberships(UUID userId) {
		return this.jdbc.sql(MEMBERSHIP + """
				 where m.user_id = :user
				order by m.last_used_at desc nulls last, m.created_at, m.workspace_id""")
			.param("user", userId)
			.query(WorkspaceRepository::membership)
			.list();
	}

	/**
	 * Adds a membership, or gives an existing one the role (and activates it).
	 */
	void putMember(UUID workspaceId, UUID userId, Role role, Instant now) {
		this.jdbc.sql("""
				insert into memberships (workspace_id, user_id, role, active, created_at, updated_at)
				values (:workspace, :user, :role, true, :now, :now)
				on conflict (workspace_id, user_id) do update set role = excluded.role, active = true,
				    updated_at = excluded.updated_at""")
			.param("workspace", workspaceId)
			.param("user", userId)
			.param("role", role.name())
			.param("now", Timestamp.from(now))
			.update();
	}

	boolean setRole(UUID workspaceId, UUID userId, Role role, Instant now) {
		return this.jdbc.sql("""
				update memberships set role = :role, updated_at = :now
				where workspace_id = :workspace and user_id = :user""")
			.param("role", role.name())
			.param("now", Timestamp.from(now))
			.param("workspace", workspaceId)
			.param("user", userId)
			.update() == 1;
	}

	boolean setActive(UUID workspaceId, UUID userId, boolean active, Instant now) {
		return this.jdbc.sql("""
				update memberships set active = :active, updated_at = :now
				where workspace_id = :workspace and user_id = :user""")
			.param("active", active)
			.param("now", Timestamp.from(now))
			.param("workspace", workspaceId)
			.param("user", userId)
			.update() == 1;
	}

	boolean remove(UUID workspaceId, UUID userId) {
		return this.jdbc.sql("delete from memberships where workspace_id = :workspace and user_id = :user")
			.param("workspace", workspaceId)
			.param("user", userId)
			.update() == 1;
	}

	void touch(UUID workspaceId, UUID userId, Instant now) {
		this.jdbc.sql("update memberships set last_used_at = :now where workspace_id = :workspace and user_id = :user")
			.param("now", Timestamp.from(now))
			.param("workspace", workspaceId)
			.param("user", userId)
			.update();
	}

	long countActiveAdmins(UUID workspaceId) {
		return this.jdbc.sql("""
				select count(*) from memberships m join users u on u.id = m.user_id
				where m.workspace_id = :workspace and m.role = 'ADMIN' and m.active and u.status = 'ACTIVE'""")
			.param("workspace", workspaceId)
			.query(Long.class)
			.single();
	}

	/**
	 * A page of a workspace's members in (joined, user id) order.
	 */
	List<Membership> members(UUID workspaceId, Instant afterCreatedAt, UUID afterUserId, boolean backward, int limit) {
		String after = (afterCreatedAt == null) ? "" : backward ? " and (m.created_at, m.user_id) < (:at, :id)"
				: " and (m.created_at, m.user_id) > (:at, :id)";
		String order = backward ? " order by m.created_at desc, m.user_id desc" : " order by m.created_at, m.user_id";
		return this.jdbc.sql(MEMBERSHIP + " where m.workspace_id = :workspace" + after + order + " limit :limit")
			.param("workspace", workspaceId)
			.param("at", (afterCreatedAt != null) ? Timestamp.from(afterCreatedAt) : null)
			.param("id", afterUserId)
			.param("limit", limit)
			.query(WorkspaceRepository::membership)
			.list();
	}

	long countMembers(UUID workspaceId) {
		return this.jdbc.sql("select count(*) from memberships where workspace_id = :workspace")
			.param("workspace", workspaceId)
			.query(Long.class)
			.single();
	}

	private static Membership membership(ResultSet rs, int row) throws SQLException {
		return new Membership(rs.getObject("workspace_id", UUID.class), rs.getString("name"),
				rs.getObject("user_id", UUID.class), Role.valueOf(rs.getString("role")), rs.getBoolean("active"),
				rs.getTimestamp("created_at").toInstant());
	}

}

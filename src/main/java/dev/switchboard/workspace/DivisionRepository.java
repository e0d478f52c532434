package dev.switchboard.workspace;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * SQL for divisions and the divisions of members.
 */
@Repository
class DivisionRepository {

	private final JdbcClient jdbc;

	DivisionRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(UUID workspaceId, DivisionView division, Instant now) {
		this.jdbc.sql("""
				insert into divisions (id, workspace_id, name, created_at, updated_at)
				values (:id, :workspace, :name, :now, :now)""")
			.param("id", division.id())
			.param("workspace", workspaceId)
			.param("name", division.name())
			.param("now", Timestamp.from(now))
			.update();
	}

	Optional<DivisionView> find(UUID workspaceId, UUID id) {
		return this.jdbc.sql("select id, name from divisions where workspace_id = :workspace and id = :id")
			.param("workspace", workspaceId)
			.param("id", id)
			.query((rs, row) -> new DivisionView(rs.getObject(1, UUID.class), rs.getString(2)))
			.optional();
	}

	/**
	 * A workspace's divisions by name.
	 */
	List<DivisionView> list(UUID workspaceId) {
		return this.jdbc.sql("select id, name from divisions where workspace_id = :workspace order by lower(name), id")
			.param("workspace", workspaceId)
			.query((rs, row) -> new DivisionView(rs.getObject(1, UUID.class), rs.getString(2)))
			.list();
	}

	boolean nameTaken(UUID workspaceId, String name, UUID exceptId) {
		return this.jdbc.sql("""
				select exists (select 1 from divisions where workspace_id = :workspace and lower(name) = lower(:name)
				    and id is distinct from :except)""")
			.param("workspace", workspaceId)
			.param("name", name)
			.param("except", exceptId)
			.query(Boolean.class)
			.single();
	}

	boolean rename(UUID workspaceId, UUID id, String name, Instant now) {
		return this.jdbc
			.sql("update divisions set name = :name, updated_at = :now where workspace_id = :workspace and id = :id")
			.param("name", name)
			.param("now", Timestamp.from(now))
			.param("workspace", workspaceId)
			.param("id", id)
			.update() == 1;
	}

	/**
	 * Deletes a division; its channels and members lose it (the schema's cascades).
	 */
	boolean delete(UUID workspaceId, UUID id) {
		return this.jdbc.sql("delete from divisions where workspace_id = :workspace and id = :id")
			.param("workspace", workspaceId)
			.param("id", id)
			.update() == 1;
	}

	/**
	 * The members of a division.
	 */
	List<UUID> members(UUID id) {
		return this.jdbc.sql("select user_id from membership_divisions where division_id = :id")
			.param("id", id)
			.query(UUID.class)
			.list();
	}

	/**
	 * How many of the ids are divisions of the workspace.
	 */
	int countExisting(UUID workspaceId, Collection<UUID> ids) {
		if (ids.isEmpty()) {
			return 0;
		}
		return this.jdbc.sql("select count(*) from divisions where workspace_id = :workspace and id in (:ids)")
			.param("workspace", workspaceId)
			.param("ids", ids)
			.query(Integer.class)
			.single();
	}

	void replaceMemberDivisions(UUID workspaceId, UUID userId, Collection<UUID> divisionIds) {
		this.jdbc.sql("delete from membership_divisions where workspace_id = :workspace and user_id = :user")
			.param("workspace", workspaceId)
			.param("user", userId)
			.update();
		for (UUID divisionId : divisionIds) {
			this.jdbc.sql("""
					insert into membership_divisions (workspace_id, user_id, division_id)
					values (:workspace, :user, :division)""")
				.param("workspace", workspaceId)
				.param("user", userId)
				.param("division", divisionId)
				.update();
		}
	}

	/**
	 * The division ids of members of a workspace, sorted, by user (members of no division
	 * are absent).
	 */
	Map<UUID, List<UUID>> memberDivisions(UUID workspaceId, Collection<UUID> userIds) {
		Map<UUID, List<UUID>> divisions = new HashMap<>();
		if (userIds.isEmpty()) {
			return divisions;
		}
		this.jdbc.sql("""
				select user_id, array_agg(division_id order by division_id) from membership_divisions
				where workspace_id = :workspace and user_id in (:users) group by user_id""")
			.param("workspace", workspaceId)
			.param("users", userIds)
			.query((rs) -> {
				divisions.put(rs.getObject(1, UUID.class), List.of((UUID[]) rs.getArray(2).getArray()));
			});
		return divisions;
	}

}

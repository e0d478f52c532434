package dev.switchboard.template;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * SQL for templates; every statement names the workspace.
 */
@Repository
class TemplateRepository {

	private static final String COLUMNS = "id, name, source, content::text as content, created_at, updated_at";

	private final JdbcClient jdbc;

	TemplateRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(UUID workspaceId, TemplateRow row) {
		this.jdbc.sql("""
				insert into templates (id, workspace_id, name, source, content, created_at, updated_at)
				values (:id, :workspace, :name, :source, cast(:content as jsonb), :created, :updated)""")
			.param("id", row.id())
			.param("workspace", workspaceId)
			.param("name", row.name())
			.param("source", row.source())
			.param("content", row.content())
			.param("created", Timestamp.from(row.createdAt()))
			.param("updated", Timestamp.from(row.updatedAt()))
			.update();
	}

	boolean update(UUID workspaceId, TemplateRow row) {
		return this.jdbc.sql("""
				update templates set name = :name, content = cast(:content as jsonb), updated_at = :updated
				where workspace_id = :workspace and id = :id""")
			.param("name", row.name())
			.param("content", row.content())
			.param("updated", Timestamp.from(row.updatedAt()))
			.param("workspace", workspaceId)
			.param("id", row.id())
			.update() == 1;
	}

	boolean delete(UUID workspaceId, UUID id) {
		return this.jdbc.sql("delete from templates where workspace_id = :workspace and id = :id")
			.param("workspace", workspaceId)
			.param("id", id)
			.update() == 1;
	}

	Optional<TemplateRow> find(UUID workspaceId, UUID id) {
		return this.jdbc.sql("select " + COLUMNS + " from templates where workspace_id = :workspace and id = :id")
			.param("workspace", workspaceId)
			.param("id", id)
			.query(TemplateRepository::map)
			.optional();
	}

	/**
	 * The workspace's templates usable on a source (its own and those for every source),
	 * or all of them, whose name contains a text, whatever the letter case; in name
	 * order.
	 */
	List<TemplateRow> list(UUID workspaceId, String source, String nameContains, int limit) {
		return this.jdbc.sql("""
				select %s from templates
				where workspace_id = :workspace
				  and (cast(:source as text) is null or source is null or source = :source)
				  and (cast(:name as text) is null or strpos(lower(name), lower(:name)) > 0)
				order by lower(name), source nulls first, id
				limit :limit""".formatted(COLUMNS))
			.param("workspace", workspaceId)
			.param("source", source)
			.param("name", nameContains)
			.param("limit", limit)
			.query(TemplateRepository::map)
			.list();
	}

	int count(UUID workspaceId) {
		return this.jdbc.sql("select count(*) from templates where workspace_id = :workspace")
			.param("workspace", workspaceId)
			.query(Integer.class)
			.single();
	}

	private static TemplateRow map(ResultSet rs, int row) throws SQLException {
		return new TemplateRow(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("source"),
				rs.getString("content"), instant(rs, "created_at"), instant(rs, "updated_at"));
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		return rs.getTimestamp(column).toInstant();
	}

	/**
	 * A stored template.
	 *
	 * @param id the template id
	 * @param name its name
	 * @param source the only source it is for, or {@code null}
	 * @param content the message as JSON text
	 * @param createdAt when it was created
	 * @param updatedAt when it last changed
	 */
	record TemplateRow(UUID id, String name, String source, String content, Instant createdAt, Instant updatedAt) {

		TemplateRow changed(String name, String content, Instant now) {
			return new TemplateRow(this.id, name, this.source, content, this.createdAt, now);
		}

	}

}

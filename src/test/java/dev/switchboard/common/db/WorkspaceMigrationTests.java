package dev.switchboard.common.db;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import javax.sql.DataSource;

import dev.switchboard.SwitchboardApplication;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An installation from before workspaces (schema version 5) moves into one workspace,
 * {@code Default}, without losing a row, and keeps working.
 */
class WorkspaceMigrationTests {

	private static final String PASSWORD = "secret1";

	private static final String INVITATION = "an invitation from before workspaces";

	private static final List<String> OWNED = List.of("channels", "tags", "conversations", "messages", "delivery_jobs",
			"message_idempotency_keys", "events");

	@TempDir
	Path directory;

	@Test
	void everyRowOfAnOldInstallationLandsInOneWorkspaceNamedDefault() {
		try (EmbeddedDatabase database = EmbeddedDatabase
			.open(new EmbeddedDatabaseProperties(this.directory, false, Map.of()))) {
			DataSource dataSource = dataSource(database);
			OldInstallation old = OldInstallation.create(dataSource);
			JdbcClient jdbc = JdbcClient.create(dataSource);
			Map<String, Long> before = counts(jdbc);

			Flyway.configure().dataSource(dataSource).load().migrate();

			Map<String, Long> after = counts(jdbc);
			assertThat(after).as("no row lost, none added").containsAllEntriesOf(before);
			List<Map<String, Object>> workspaces = jdbc.sql("select id, name from workspaces").query().listOfRows();
			assertThat(workspaces).hasSize(1);
			assertThat(workspaces.get(0)).containsEntry("name", "Default");
			UUID defaultId = (UUID) workspaces.get(0).get("id");
			for (String table : OWNED) {
				assertThat(jdbc.sql("select count(*) from " + table + " where workspace_id = :id")
					.param("id", defaultId)
					.query(Long.class)
					.single()).as(table).isEqualTo(before.get(table)).isPositive();
			}
			Map<String, String> roles = new LinkedHashMap<>();
			jdbc.sql("""
					select u.email, m.role from memberships m join users u on u.id = m.user_id
					where m.workspace_id = :id and m.active""")
				.param("id", defaultId)
				.query((rs, row) -> roles.put(rs.getString(1), rs.getString(2)))
				.list();
			assertThat(roles).isEqualTo(old.roles());
			assertThat(jdbc.sql("select purpose, workspace_id from user_tokens order by purpose").query().listOfRows())
				.extracting((row) -> row.get("purpose") + " " + row.get("workspace_id"))
				.containsExactly("INVITATION " + defaultId, "PASSWORD_RESET null");
			assertThat(jdbc.sql("select message ->> 'id' from conversation_last_messages").query(String.class).single())
				.isEqualTo(old.outboundMessageId().toString());
		}
	}

	@Test
	void theServiceStartedOnAnOldDatabaseLogsItsUsersInAndListsTheirData() {
		try (EmbeddedDatabase database = EmbeddedDatabase
			.open(new EmbeddedDatabaseProperties(this.directory, false, Map.of()))) {
			OldInstallation old = OldInstallation.create(dataSource(database));

			try (ConfigurableApplicationContext context = start()) {
				Client client = new Client(
						context.getEnvironment().getRequiredProperty("local.server.port", Integer.class));
				JsonNode login = client.post("/users.login", null,
						Map.of("email", "admin@example.com", "password", PASSWORD));
				String token = login.path("token").asString();
				String workspaceId = login.path("workspace_id").asString();

				assertThat(client.post("/workspaces.list", token, Map.of()).path("data").findValuesAsString("name"))
					.containsExactly("Default");
				assertThat(client.post("/users.me", token, Map.of()).path("role").asString()).isEqualTo("admin");
				JsonNode users = client.post("/users.list", token, Map.of()).path("data");
				Map<String, String> roles = new LinkedHashMap<>();
				users.forEach(
						(user) -> roles.put(user.path("email").asString(), user.path("role").asString().toUpperCase()));
				assertThat(roles).isEqualTo(old.roles());
				assertThat(client.post("/tags.list", token, Map.of()).path("tags").findValuesAsString("name"))
					.containsExactly("vip");
				assertThat(client.post("/channels.list", token, Map.of()).path("data").findValuesAsString("id"))
					.containsExactlyInAnyOrder(old.chatPluginId().toString(), old.facebookId().toString());
				JsonNode conversations = client.post("/conversations.list", token, Map.of());
				assertThat(conversations.path("response_metadata").path("total").asLong()).isEqualTo(1);
				JsonNode conversation = conversations.path("data").get(0);
				assertThat(conversation.path("contact").path("display_name").asString()).isEqualTo("Grace Hopper");
				assertThat(conversation.path("tags").get(0).asString()).isEqualTo(old.tagId().toString());
				assertThat(conversation.path("last_message").path("id").asString())
					.isEqualTo(old.outboundMessageId().toString());
				assertThat(client.post("/messages.list", token, Map.of("conversation_id", old.conversationId()))
					.path("data")
					.findValuesAsString("text")).containsExactly("hello", "hi Grace");
				assertThat(client.post("/events.list", token, Map.of()).path("data").findValuesAsString("type"))
					.containsExactly("tag.updated", "message.created");

				JsonNode supervisor = client.post("/users.login", null,
						Map.of("email", "sue@example.com", "password", PASSWORD));
				assertThat(supervisor.path("workspace_id").asString()).isEqualTo(workspaceId);
				assertThat(
						client.post("/users.me", supervisor.path("token").asString(), Map.of()).path("role").asString())
					.isEqualTo("supervisor");
				JsonNode accepted = client.post("/users.accept-invitation", null,
						Map.of("token", INVITATION, "first_name", "Ivy", "last_name", "Invited", "password", PASSWORD));
				assertThat(accepted.path("workspace_id").asString()).isEqualTo(workspaceId);
				assertThat(
						client.post("/users.me", accepted.path("token").asString(), Map.of()).path("role").asString())
					.isEqualTo("agent");
			}
		}
	}

	private ConfigurableApplicationContext start() {
		// as command-line arguments, which outrank the build's system properties
		String[] arguments = Stream
			.of("server.port=0", "switchboard.embedded-db.data-dir=" + this.directory,
					"switchboard.sources.facebook.graph-api-url=http://127.0.0.1:9/v23.0")
			.map((property) -> "--" + property)
			.toArray(String[]::new);
		return new SpringApplicationBuilder(SwitchboardApplication.class).run(arguments);
	}

	private static DataSource dataSource(EmbeddedDatabase database) {
		return new DriverManagerDataSource(database.jdbcUrl(), database.username(), "");
	}

	/**
	 * The rows of every table but Flyway's own.
	 */
	private static Map<String, Long> counts(JdbcClient jdbc) {
		Map<String, Long> counts = new LinkedHashMap<>();
		for (String table : jdbc
			.sql("select tablename from pg_tables where schemaname = 'public' and tablename <> 'flyway_schema_history'"
					+ " order by tablename")
			.query(String.class)
			.list()) {
			counts.put(table, jdbc.sql("select count(*) from " + table).query(Long.class).single());
		}
		return counts;
	}

	/**
	 * A database at schema version 5 with rows in every table.
	 *
	 * @param roles the users' roles by email
	 * @param tagId the tag
	 * @param chatPluginId the chat plugin channel
	 * @param facebookId the Facebook channel
	 * @param conversationId the conversation on it
	 * @param outboundMessageId the agent's reply, pending
	 */
	private record OldInstallation(Map<String, String> roles, UUID tagId, UUID chatPluginId, UUID facebookId,
			UUID conversationId, UUID outboundMessageId) {

		static OldInstallation create(DataSource dataSource) {
			Flyway.configure().dataSource(dataSource).target("5").load().migrate();
			JdbcClient jdbc = JdbcClient.create(dataSource);
			Timestamp now = Timestamp.from(Instant.now().truncatedTo(ChronoUnit.MILLIS));
			String hash = PasswordEncoderFactories.createDelegatingPasswordEncoder().encode(PASSWORD);
			Map<String, String> roles = new LinkedHashMap<>();
			Map<String, UUID> ids = new LinkedHashMap<>();
			int order = 0;
			for (String[] user : new String[][] { { "admin@example.com", "ADMIN", "ACTIVE" },
					{ "sue@example.com", "SUPERVISOR", "ACTIVE" }, { "al@example.com", "AGENT", "ACTIVE" },
					{ "ivy@example.com", "AGENT", "INVITED" } }) {
				UUID id = UUID.randomUUID();
				boolean active = "ACTIVE".equals(user[2]);
				jdbc.sql("""
						insert into users (id, email, first_name, last_name, password_hash, role, status,
						    credentials_changed_at, created_at, updated_at)
						values (:id, :email, :first, 'Old', :hash, :role, :status, :changed, :created, :created)""")
					.param("id", id)
					.param("email", user[0])
					.param("first", active ? "User" : null)
					.param("hash", active ? hash : null)
					.param("role", user[1])
					.param("status", user[2])
					.param("changed", Timestamp.from(now.toInstant().minusSeconds(60)))
					.param("created", Timestamp.from(now.toInstant().minusSeconds(50 - order++)))
					.update();
				roles.put(user[0], user[1]);
				ids.put(user[0], id);
			}
			jdbc.sql("""
					insert into user_tokens (token_hash, user_id, purpose, expires_at, created_at)
					values (:invitation, :invited, 'INVITATION', :later, :now),
					       (:reset, :agent, 'PASSWORD_RESET', :later, :now)""")
				.param("invitation", sha256(INVITATION))
				.param("invited", ids.get("ivy@example.com"))
				.param("reset", sha256("a reset from before workspaces"))
				.param("agent", ids.get("al@example.com"))
				.param("later", Timestamp.from(now.toInstant().plus(Duration.ofDays(1))))
				.param("now", now)
				.update();
			jdbc.sql("insert into login_failures (email, failed_at) values ('al@example.com', :now)")
				.param("now", now)
				.update();

			UUID tagId = UUID.randomUUID();
			jdbc.sql("insert into tags (id, name, color, created_at) values (:id, 'vip', 'tag-red', :now)")
				.param("id", tagId)
				.param("now", now)
				.update();
			UUID chatPluginId = UUID.randomUUID();
			UUID facebookId = UUID.randomUUID();
			jdbc.sql(
					"""
							insert into channels (id, source, source_channel_id, name, connected, settings, created_at, updated_at)
							values (:chat, 'chatplugin', 'Web', 'Web', true, '{}', :now, :now),
							       (:facebook, 'facebook', 'page-1', 'Old page', true, '{"page_id": "page-1"}', :later, :later)""")
				.param("chat", chatPluginId)
				.param("facebook", facebookId)
				.param("now", now)
				.param("later", Timestamp.from(now.toInstant().plusMillis(1)))
				.update();

			UUID conversationId = UUID.randomUUID();
			UUID inboundId = UUID.randomUUID();
			UUID outboundId = UUID.randomUUID();
			Timestamp replied = Timestamp.from(now.toInstant().plusSeconds(1));
			jdbc.sql("""
					insert into conversations (id, channel_id, source, contact_id, source_contact_id, display_name,
					    state, unread_count, metadata, last_message_id, last_message, last_activity_at, created_at,
					    updated_at)
					values (:id, :channel, 'facebook', :contact, 'psid-1', 'Grace Hopper', 'OPEN', 1,
					    '{"crm": {"id": 7}}', :last, jsonb_build_object('id', cast(:last as text)), :replied, :now,
					    :replied)""")
				.param("id", conversationId)
				.param("channel", facebookId)
				.param("contact", UUID.randomUUID())
				.param("last", outboundId)
				.param("replied", replied)
				.param("now", now)
				.update();
			jdbc.sql("insert into conversation_tags (conversation_id, tag_id) values (:conversation, :tag)")
				.param("conversation", conversationId)
				.param("tag", tagId)
				.update();
			jdbc.sql("""
					insert into messages (id, conversation_id, channel_id, source, sender_type, sender_id, content,
					    delivery_state, source_message_id, sent_at, updated_at)
					values (:inbound, :conversation, :channel, 'facebook', 'source_contact', 'psid-1',
					        '{"type": "text", "text": "hello"}', 'DELIVERED', 'm-1', :now, :now),
					       (:outbound, :conversation, :channel, 'facebook', 'app_user', cast(:admin as text),
					        '{"type": "text", "text": "hi Grace"}', 'PENDING', null, :replied, :replied)""")
				.param("inbound", inboundId)
				.param("outbound", outboundId)
				.param("conversation", conversationId)
				.param("channel", facebookId)
				.param("admin", ids.get("admin@example.com"))
				.param("now", now)
				.param("replied", replied)
				.update();
			// due tomorrow: the started service must not deliver it during the test
			jdbc.sql("insert into delivery_jobs (message_id, next_attempt_at, created_at) values (:id, :due, :now)")
				.param("id", outboundId)
				.param("due", Timestamp.from(now.toInstant().plus(Duration.ofDays(1))))
				.param("now", replied)
				.update();
			jdbc.sql("""
					insert into message_idempotency_keys (user_id, key, message_id, created_at)
					values (:admin, 'client-key-1', :message, :now)""")
				.param("admin", ids.get("admin@example.com"))
				.param("message", outboundId)
				.param("now", replied)
				.update();
			jdbc.sql("""
					insert into events (position, type, conversation_id, channel_id, payload, created_at)
					values (1, 'tag.updated', null, null, jsonb_build_object('id', cast(:tag as text)), :now),
					       (2, 'message.created', :conversation, :channel,
					        jsonb_build_object('id', cast(:message as text)), :replied)""")
				.param("tag", tagId)
				.param("conversation", conversationId)
				.param("channel", facebookId)
				.param("message", inboundId)
				.param("now", now)
				.param("replied", replied)
				.update();
			jdbc.sql("update event_log_state set last_position = 2").update();
			jdbc.sql("""
					insert into webhook_events (source, content_type, body, status, next_attempt_at, received_at,
					    processed_at)
					values ('facebook', 'application/json', cast('{}' as bytea), 'DONE', :now, :now, :now)""")
				.param("now", now)
				.update();
			return new OldInstallation(roles, tagId, chatPluginId, facebookId, conversationId, outboundId);
		}

		private static byte[] sha256(String token) {
			try {
				return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

	/**
	 * The JSON API over HTTP, expecting success.
	 */
	private static final class Client {

		private final RestClient rest;

		Client(int port) {
			this.rest = RestClient.create("http://localhost:" + port);
		}

		JsonNode post(String path, String token, Object body) {
			RestClient.RequestBodySpec request = this.rest.post().uri(path).contentType(MediaType.APPLICATION_JSON);
			if (token != null) {
				request.header("Authorization", "Bearer " + token);
			}
			String answer = request.body(JsonMapper.shared().writeValueAsString(body)).retrieve().body(String.class);
			return JsonMapper.shared().readTree(answer);
		}

	}

}

package dev.switchboard.user;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.switchboard.Api.Response;
import dev.switchboard.IntegrationTests;
import dev.switchboard.StompTestClient;
import dev.switchboard.channel.ChannelView;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.switchboard.Api.PASSWORD;
import static dev.switchboard.Api.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class OffboardingTests extends IntegrationTests {

	private static final String UNKNOWN = "1b4e28ba-2fa1-11d2-883f-0016d3cca427";

	@LocalServerPort
	private int port;

	@Test
	void aDeactivatedUsersNextRequestIsRefusedAndTheirOpenConnectionCloses() throws Exception {
		String admin = this.api.admin();
		String agent = this.api.user(admin, "agent");
		String agentId = id(agent);
		try (StompTestClient socket = StompTestClient.connect(this.port, "/ws.communication", agent)
			.subscribe("/events")) {
			assertThat(this.api.post("/users.me", agent).status()).isEqualTo(200);

			Response deactivated = this.api.post("/users.deactivate", admin, body("user_id", agentId));

			assertThat(deactivated.status()).as(deactivated.text()).isEqualTo(200);
			assertThat(deactivated.text("status")).isEqualTo("deactivated");
			assertThat(this.api.post("/users.me", agent).status()).isEqualTo(401);
			assertThat(this.api.post("/conversations.list", agent).status()).isEqualTo(401);
			await().atMost(Duration.ofSeconds(1)).until(() -> !socket.isConnected());
		}
		assertThatThrownBy(() -> StompTestClient.connect(this.port, "/ws.communication", agent)).isNotNull();
	}

	@Test
	void aDeactivatedUserCannotLogInUntilReactivated() {
		String admin = this.api.admin();
		String agent = this.api.user(admin, "agent");
		String agentId = id(agent);
		String email = this.api.post("/users.me", agent).text("email");
		this.api.post("/users.deactivate", admin, body("user_id", agentId));

		Response refused = login(email);
		assertThat(refused.status()).isEqualTo(401);
		assertThat(refused.text("detail")).isEqualTo("The email or password is wrong.");
		assertThat(status(admin, agentId)).isEqualTo("deactivated");

		Response reactivated = this.api.post("/users.reactivate", admin, body("user_id", agentId));
		assertThat(reactivated.status()).isEqualTo(200);
		assertThat(reactivated.text("status")).isEqualTo("active");
		assertThat(reactivated.text("role")).isEqualTo("agent");
		Response login = login(email);
		assertThat(login.status()).isEqualTo(200);
		assertThat(this.api.post("/users.me", login.text("token")).status()).isEqualTo(200);
		assertThat(this.api.post("/users.me", agent).status()).isEqualTo(200);
	}

	@Test
	void deactivatingClearsTheUsersAssignmentsAndAnnouncesEachConversation() throws Exception {
		String admin = this.api.admin();
		String agent = this.api.user(admin, "agent");
		String other = this.api.user(admin, "agent");
		ChannelView channel = this.conversations.channel("acme");
		UUID first = this.conversations.inbound(channel, "c1", "Carla", "hi", Instant.now()).conversationId();
		UUID second = this.conversations.inbound(channel, "c2", "Dan", "hi", Instant.now()).conversationId();
		UUID others = this.conversations.inbound(channel, "c3", "Eve", "hi", Instant.now()).conversationId();
		assign(first, id(agent));
		assign(second, id(agent));
		assign(others, id(other));

		try (StompTestClient watcher = StompTestClient.connect(this.port, "/ws.communication", admin)
			.subscribe("/events")) {
			assertThat(this.api.post("/users.deactivate", admin, body("user_id", id(agent))).status()).isEqualTo(200);

			assertThat(assignee(first)).isNull();
			assertThat(assignee(second)).isNull();
			assertThat(assignee(others)).isEqualTo(UUID.fromString(id(other)));
			await().atMost(Duration.ofSeconds(10))
				.until(() -> updated(watcher.received()), (ids) -> ids.containsAll(List.of(first, second)));
			assertThat(updated(watcher.received())).doesNotContain(others);
		}
	}

	@Test
	void aRemovedUserIsRefusedDisconnectedAndGoneFromTheListButMayBeInvitedAgain() throws Exception {
		String admin = this.api.admin();
		String agent = this.api.user(admin, "agent");
		String agentId = id(agent);
		String email = this.api.post("/users.me", agent).text("email");
		UUID conversation = this.conversations
			.inbound(this.conversations.channel("acme"), "c1", "Carla", "hi", Instant.now())
			.conversationId();
		assign(conversation, agentId);

		try (StompTestClient socket = StompTestClient.connect(this.port, "/ws.communication", agent)
			.subscribe("/events")) {
			Response removed = this.api.post("/users.remove", admin, body("user_id", agentId));

			assertThat(removed.status()).as(removed.text()).isEqualTo(200);
			assertThat(removed.text()).isEqualTo("{}");
			assertThat(this.api.post("/users.me", agent).status()).isEqualTo(401);
			await().atMost(Duration.ofSeconds(1)).until(() -> !socket.isConnected());
		}
		assertThat(assignee(conversation)).isNull();
		assertThat(login(email).status()).isEqualTo(401);
		assertThat(status(admin, agentId)).isNull();
		assertThat(this.api.post("/users.list", admin).body().path("data")).hasSize(1);
		assertThat(this.api.post("/users.deactivate", admin, body("user_id", agentId)).status()).isEqualTo(404);

		Response invited = this.api.post("/users.invite", admin, body("email", email, "role", "supervisor"));
		assertThat(invited.status()).as(invited.text()).isEqualTo(201);
		Response login = login(email);
		assertThat(login.status()).isEqualTo(200);
		assertThat(this.api.post("/users.me", login.text("token")).text("role")).isEqualTo("supervisor");
	}

	@Test
	void removingAnInviteeVoidsTheirInvitation() {
		String admin = this.api.admin();
		Response invitation = this.api.post("/users.invite", admin, body("email", "new@example.com", "role", "agent"));

		assertThat(this.api.post("/users.remove", admin, body("user_id", invitation.text("id"))).status())
			.isEqualTo(200);

		assertThat(this.api
			.post("/users.accept-invitation", null,
					body("token", invitation.text("invitation_token"), "first_name", "New", "last_name", "User",
							"password", PASSWORD))
			.status()).isEqualTo(400);
		assertThat(this.api.post("/users.invite", admin, body("email", "new@example.com", "role", "agent")).status())
			.isEqualTo(201);
	}

	@Test
	void theLastAdminCannotBeDeactivatedOrRemovedButAnotherAdminMayLeave() {
		String admin = this.api.admin();
		String adminId = id(admin);

		Response deactivated = this.api.post("/users.deactivate", admin, body("user_id", adminId));
		assertThat(deactivated.status()).isEqualTo(409);
		assertThat(deactivated.text("detail")).contains("last admin");
		assertThat(this.api.post("/users.remove", admin, body("user_id", adminId)).status()).isEqualTo(409);
		assertThat(this.api.post("/users.me", admin).status()).isEqualTo(200);

		String second = this.api.user(admin, "admin");
		assertThat(this.api.post("/users.deactivate", second, body("user_id", id(second))).status()).isEqualTo(200);
		assertThat(this.api.post("/users.me", second).status()).isEqualTo(401);
		assertThat(this.api.post("/users.remove", admin, body("user_id", adminId)).status()).isEqualTo(409);
	}

	@Test
	void onlyAdminsOffboardAndUnknownUsersAreNotFound() {
		String admin = this.api.admin();
		String supervisor = this.api.user(admin, "supervisor");
		String agent = this.api.user(admin, "agent");
		String agentId = id(agent);

		for (String path : List.of("/users.deactivate", "/users.reactivate", "/users.remove")) {
			assertThat(this.api.post(path, supervisor, body("user_id", agentId)).status()).as(path).isEqualTo(403);
			assertThat(this.api.post(path, agent, body("user_id", agentId)).status()).as(path).isEqualTo(403);
			assertThat(this.api.post(path, admin, body("user_id", UNKNOWN)).status()).as(path).isEqualTo(404);
			assertThat(this.api.post(path, admin, body("user_id", "42")).status()).as(path).isEqualTo(400);
			assertThat(this.api.post(path, admin, body()).status()).as(path).isEqualTo(400);
		}
		assertThat(this.api.post("/users.me", agent).status()).isEqualTo(200);
	}

	@Test
	void aUserDeactivatedInOneWorkspaceKeepsTheirOtherWorkspace() throws Exception {
		String admin = this.api.admin();
		String agent = this.api.user(admin, "agent");
		String agentId = id(agent);
		String email = this.api.post("/users.me", agent).text("email");
		String second = this.api.post("/workspaces.create", admin, body("name", "Second")).text("id");
		String adminInSecond = this.api.post("/workspaces.switch", admin, body("workspace_id", second)).text("token");
		assertThat(this.api.post("/users.invite", adminInSecond, body("email", email, "role", "agent")).status())
			.isEqualTo(201);
		String agentInSecond = this.api.post("/workspaces.switch", agent, body("workspace_id", second)).text("token");

		try (StompTestClient inDefault = StompTestClient.connect(this.port, "/ws.communication", agent);
				StompTestClient inSecond = StompTestClient.connect(this.port, "/ws.communication", agentInSecond)) {
			assertThat(this.api.post("/users.deactivate", admin, body("user_id", agentId)).status()).isEqualTo(200);

			await().atMost(Duration.ofSeconds(1)).until(() -> !inDefault.isConnected());
			assertThat(inSecond.isConnected()).isTrue();
		}
		assertThat(this.api.post("/users.me", agent).status()).isEqualTo(401);
		assertThat(this.api.post("/users.me", agentInSecond).status()).isEqualTo(200);
		Response login = login(email);
		assertThat(login.status()).isEqualTo(200);
		assertThat(login.text("workspace_id")).isEqualTo(second);
	}

	@Test
	void aRoleChangeTakesEffectAtTheNextRequestAndReconnectsTheirSocket() throws Exception {
		String admin = this.api.admin();
		String agent = this.api.user(admin, "agent");
		String agentId = id(agent);
		assertThat(this.api.post("/users.list", agent).status()).isEqualTo(403);

		try (StompTestClient socket = StompTestClient.connect(this.port, "/ws.communication", agent)) {
			assertThat(this.api.post("/users.update-role", admin, body("user_id", agentId, "role", "admin")).status())
				.isEqualTo(200);

			assertThat(this.api.post("/users.invite", agent, body("email", "x@example.com", "role", "agent")).status())
				.isEqualTo(201);
			await().atMost(Duration.ofSeconds(1)).until(() -> !socket.isConnected());
		}
		try (StompTestClient again = StompTestClient.connect(this.port, "/ws.communication", agent)) {
			assertThat(again.isConnected()).isTrue();
		}

		assertThat(this.api.post("/users.update-role", agent, body("user_id", id(admin), "role", "agent")).status())
			.isEqualTo(200);
		assertThat(this.api.post("/users.invite", admin, body("email", "y@example.com", "role", "agent")).status())
			.isEqualTo(403);
		assertThat(this.api.post("/users.deactivate", admin, body("user_id", agentId)).status()).isEqualTo(403);
	}

	private String id(String token) {
		return this.api.post("/users.me", token).text("id");
	}

	private String status(String adminToken, String userId) {
		JsonNode users = this.api.post("/users.list", adminToken).body().path("data");
		for (JsonNode user : users) {
			if (user.path("id").asString().equals(userId)) {
				return user.path("status").asString();
			}
		}
		return null;
	}

	private Response login(String email) {
		return this.api.post("/users.login", null, body("email", email, "password", PASSWORD));
	}

	private void assign(UUID conversationId, String userId) {
		this.jdbc.sql("update conversations set assignee_id = :user where id = :id")
			.param("user", UUID.fromString(userId))
			.param("id", conversationId)
			.update();
	}

	private UUID assignee(UUID conversationId) {
		return this.jdbc.sql("select assignee_id from conversations where id = :id")
			.param("id", conversationId)
			.query((rs, row) -> rs.getObject(1, UUID.class))
			.list()
			.get(0);
	}

	private static List<UUID> updated(List<JsonNode> events) {
		return events.stream()
			.filter((event) -> "conversation.updated".equals(event.path("type").asString()))
			.map((event) -> UUID.fromString(event.path("payload").path("id").asString()))
			.toList();
	}

}

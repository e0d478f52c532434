package dev.switchboard.conversation;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.UUID;

import dev.switchboard.Api.Response;
import dev.switchboard.IntegrationTests;
import dev.switchboard.StompTestClient;
import dev.switchboard.channel.ChannelView;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.switchboard.Api.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class AssignmentTests extends IntegrationTests {

	private static final String UNKNOWN = "1b4e28ba-2fa1-11d2-883f-0016d3cca427";

	@LocalServerPort
	private int port;

	private ChannelView channel;

	private String admin;

	private String agent;

	private String agentId;

	private String conversation;

	@BeforeEach
	void setUp() {
		this.admin = this.api.admin();
		this.agent = this.api.user(this.admin, "agent");
		this.agentId = me(this.agent);
		this.channel = this.conversations.channel("acme");
		this.conversation = inbound("ada", "Ada", 0);
	}

	@Test
	void anAssignedConversationShowsItsAssigneeByName() {
		assertThat(info(this.admin).path("assignee").isNull()).as("unassigned: assignee is null").isTrue();
		assertThat(info(this.admin).has("assignee")).isTrue();

		Response assigned = assign(this.admin, this.agentId);
		assertThat(assigned.status()).as(assigned.text()).isEqualTo(200);

		JsonNode assignee = info(this.agent).path("assignee");
		assertThat(assignee.path("id").asString()).isEqualTo(this.agentId);
		assertThat(assignee.path("name").asString()).isEqualTo("Test agent");
		JsonNode listed = this.api.post("/conversations.list", this.admin).body().path("data").get(0);
		assertThat(listed.path("assignee").path("id").asString()).isEqualTo(this.agentId);

		assertThat(this.api.post("/conversations.unassign", this.admin, body("conversation_id", this.conversation))
			.status()).isEqualTo(200);
		assertThat(info(this.admin).path("assignee").isNull()).isTrue();
	}

	@Test
	void agentsAssignAndUnassignOnlyThemselves() {
		String other = this.api.user(this.admin, "agent");
		String otherId = me(other);

		assertThat(assign(this.agent, otherId).status()).isEqualTo(403);
		assertThat(assign(this.agent, this.agentId).status()).isEqualTo(200);
		assertThat(this.api.post("/conversations.unassign", other, body("conversation_id", this.conversation)).status())
			.isEqualTo(403);
		assertThat(info(this.admin).path("assignee").path("id").asString()).isEqualTo(this.agentId);
		assertThat(assign(other, otherId).status()).as("an agent may take a conversation over").isEqualTo(200);
		assertThat(this.api.post("/conversations.unassign", other, body("conversation_id", this.conversation)).status())
			.isEqualTo(200);
		assertThat(info(this.admin).path("assignee").isNull()).isTrue();
	}

	@Test
	void supervisorsAndAdminsAssignAndUnassignAnyone() {
		String supervisor = this.api.user(this.admin, "supervisor");

		assertThat(assign(supervisor, this.agentId).status()).isEqualTo(200);
		assertThat(assign(supervisor, me(this.admin)).status()).isEqualTo(200);
		assertThat(info(this.agent).path("assignee").path("name").asString()).isEqualTo("Ada Admin");
		assertThat(assign(this.admin, me(supervisor)).status()).isEqualTo(200);
		assertThat(this.api.post("/conversations.unassign", this.admin, body("conversation_id", this.conversation))
			.status()).isEqualTo(200);
		assertThat(info(this.agent).path("assignee").isNull()).isTrue();
	}

	@Test
	void theAssigneeMustBeAnActiveMemberWhoSeesTheConversation() {
		String otherWorkspace = this.api.post("/workspaces.create", this.admin, body("name", "Other")).text("id");
		String otherAdmin = this.api.post("/workspaces.switch", this.admin, body("workspace_id", otherWorkspace))
			.text("token");
		String stranger = this.api.user(otherAdmin, "agent");

		Response unknown = assign(this.admin, UNKNOWN);
		assertThat(unknown.status()).isEqualTo(400);
		assertThat(unknown.text("detail")).contains("member");
		assertThat(assign(this.admin, me(stranger)).status()).as("a member of another workspace").isEqualTo(400);

		String invited = this.api.post("/users.invite", this.admin, body("email", "later@example.com", "role", "agent"))
			.text("id");
		assertThat(assign(this.admin, invited).status()).as("an invitation not yet accepted").isEqualTo(400);

		String sales = this.api.post("/divisions.create", this.admin, body("name", "Sales")).text("id");
		this.api.post("/channels.update", this.admin,
				body("channel_id", this.channel.id().toString(), "division_id", sales));
		assertThat(assign(this.admin, this.agentId).status()).as("an agent outside the channel's division")
			.isEqualTo(400);
		this.api.post("/users.set-divisions", this.admin,
				body("user_id", this.agentId, "division_ids", List.of(sales)));
		assertThat(assign(this.admin, this.agentId).status()).isEqualTo(200);

		assertThat(assign(this.admin, "not-a-uuid").status()).isEqualTo(400);
		assertThat(
				this.api.post("/conversations.assign", this.admin, body("conversation_id", this.conversation)).status())
			.isEqualTo(400);
		assertThat(this.api
			.post("/conversations.assign", this.admin, body("conversation_id", UNKNOWN, "user_id", this.agentId))
			.status()).isEqualTo(404);
		assertThat(this.api.post("/conversations.unassign", this.admin, body("conversation_id", UNKNOWN)).status())
			.isEqualTo(404);
	}

	@Test
	void filtersFindTheCallersTheUnassignedAndAUsersConversations() {
		String supervisor = this.api.user(this.admin, "supervisor");
		String read = inbound("grace", "Grace", 0);
		String other = inbound("alan", "Alan", 0);
		this.api.post("/conversations.read", this.admin, body("conversation_id", read));
		assign(this.agent, this.agentId);
		assignTo(read, this.agentId);
		assignTo(other, me(supervisor));

		assertThat(ids(this.agent, "assignee_id:me")).containsExactlyInAnyOrder(this.conversation, read);
		assertThat(ids(supervisor, "assignee_id:me")).containsExactly(other);
		assertThat(ids(this.admin, "assignee_id:" + this.agentId)).containsExactlyInAnyOrder(this.conversation, read);
		assertThat(ids(this.admin, "assignee_id:none")).isEmpty();
		assertThat(ids(this.agent, "assignee_id:me AND unread_count:[1 TO *]")).containsExactly(this.conversation);
		assertThat(ids(this.admin, "assignee_id:" + this.agentId + " AND display_name:grace")).containsExactly(read);
		assertThat(ids(this.admin, "NOT assignee_id:me")).containsExactlyInAnyOrder(this.conversation, read, other);

		this.api.post("/conversations.unassign", this.agent, body("conversation_id", this.conversation));
		assertThat(ids(this.agent, "assignee_id:none")).containsExactly(this.conversation);
		Response counted = this.api.post("/conversations.list", this.agent, body("filters", "assignee_id:me"));
		assertThat(counted.body().path("response_metadata").path("filtered_total").asLong()).isEqualTo(1);
		assertThat(counted.body().path("response_metadata").path("total").asLong()).isEqualTo(3);
	}

	@Test
	void anAssigneeThatIsNoUuidMeOrNoneIsABadFilter() {
		Response response = this.api.post("/conversations.list", this.agent, body("filters", "assignee_id:grace"));
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.text("detail")).contains("assignee_id").contains("a UUID, me or none");
	}

	@Test
	void eachChangeOfAssigneeIsAConversationUpdatedEvent() throws Exception {
		try (StompTestClient client = StompTestClient.connect(this.port, "/ws.communication", this.admin)
			.subscribe("/events")) {
			assign(this.agent, this.agentId);
			// the contact's message of the set-up may still be on its way: the event of
			// the
			// assignment is the one that names an assignee
			JsonNode assigned = awaitUpdate(client,
					(event) -> event.path("payload").path("assignee").path("id").isString());
			assertThat(assigned.path("payload").path("id").asString()).isEqualTo(this.conversation);
			assertThat(assigned.path("payload").path("assignee").path("id").asString()).isEqualTo(this.agentId);
			int seen = client.received().indexOf(assigned);

			this.api.post("/conversations.unassign", this.agent, body("conversation_id", this.conversation));
			JsonNode unassigned = awaitUpdate(client, (event) -> client.received().indexOf(event) > seen);
			assertThat(unassigned.path("payload").path("assignee").isNull()).isTrue();
		}
	}

	private JsonNode awaitUpdate(StompTestClient client, Predicate<JsonNode> which) {
		return await().atMost(Duration.ofSeconds(10))
			.until(() -> client.received()
				.stream()
				.filter((event) -> event.path("type").asString().equals("conversation.updated"))
				.filter(which)
				.findFirst()
				.orElse(null), (event) -> event != null);
	}

	private String inbound(String contact, String name, int secondsLater) {
		Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS).plusSeconds(secondsLater);
		return this.conversations.inbound(this.channel, contact, name, "hello", at).conversationId().toString();
	}

	private Response assign(String token, String userId) {
		return this.api.post("/conversations.assign", token,
				body("conversation_id", this.conversation, "user_id", userId));
	}

	private void assignTo(String conversationId, String userId) {
		Response response = this.api.post("/conversations.assign", this.admin,
				body("conversation_id", conversationId, "user_id", userId));
		assertThat(response.status()).as(response.text()).isEqualTo(200);
	}

	private JsonNode info(String token) {
		return this.api.post("/conversations.info", token, body("conversation_id", this.conversation)).body();
	}

	private List<String> ids(String token, String filters) {
		Response response = this.api.post("/conversations.list", token, body("filters", filters));
		assertThat(response.status()).as(response.text()).isEqualTo(200);
		List<String> ids = new ArrayList<>();
		response.body().path("data").forEach((conversation) -> ids.add(conversation.path("id").asString()));
		return ids;
	}

	private String me(String token) {
		return this.api.post("/users.me", token).text("id");
	}

}

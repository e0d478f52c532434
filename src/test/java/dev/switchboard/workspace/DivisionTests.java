package dev.switchboard.workspace;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
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

class DivisionTests extends IntegrationTests {

	private static final String UNKNOWN = "1b4e28ba-2fa1-11d2-883f-0016d3cca427";

	@LocalServerPort
	private int port;

	private String admin;

	@BeforeEach
	void setUp() {
		this.admin = this.api.admin();
	}

	@Test
	void adminsCreateRenameListAndDeleteDivisions() {
		Response sales = this.api.post("/divisions.create", this.admin, body("name", " Sales "));
		assertThat(sales.status()).as(sales.text()).isEqualTo(201);
		assertThat(sales.text("name")).isEqualTo("Sales");
		String support = this.api.post("/divisions.create", this.admin, body("name", "support")).text("id");

		Response renamed = this.api.post("/divisions.update", this.admin, body("id", support, "name", "Care"));
		assertThat(renamed.status()).isEqualTo(200);
		assertThat(renamed.text("name")).isEqualTo("Care");
		assertThat(names(this.api.post("/divisions.list", this.admin))).containsExactly("Care", "Sales");

		assertThat(this.api.post("/divisions.delete", this.admin, body("id", support)).status()).isEqualTo(200);
		assertThat(names(this.api.post("/divisions.list", this.admin))).containsExactly("Sales");
		assertThat(this.api.post("/divisions.delete", this.admin, body("id", support)).status()).isEqualTo(404);
		assertThat(this.api.post("/divisions.update", this.admin, body("id", support, "name", "x")).status())
			.isEqualTo(404);
	}

	@Test
	void namesAreUniqueWhateverTheCaseAndHoldOneTo200Characters() {
		String sales = this.api.post("/divisions.create", this.admin, body("name", "Sales")).text("id");
		String care = this.api.post("/divisions.create", this.admin, body("name", "Care")).text("id");

		assertThat(this.api.post("/divisions.create", this.admin, body("name", "SALES")).status()).isEqualTo(409);
		assertThat(this.api.post("/divisions.update", this.admin, body("id", care, "name", "sales")).status())
			.isEqualTo(409);
		assertThat(this.api.post("/divisions.update", this.admin, body("id", sales, "name", "SALES")).status())
			.isEqualTo(200);
		assertThat(this.api.post("/divisions.create", this.admin, body("name", "")).status()).isEqualTo(400);
		assertThat(this.api.post("/divisions.create", this.admin, body("name", "   ")).status()).isEqualTo(400);
		assertThat(this.api.post("/divisions.create", this.admin, body()).status()).isEqualTo(400);
		assertThat(this.api.post("/divisions.create", this.admin, body("name", "x".repeat(201))).status())
			.isEqualTo(400);
		assertThat(this.api.post("/divisions.create", this.admin, body("name", "x".repeat(200))).status())
			.isEqualTo(201);
		assertThat(this.api.post("/divisions.delete", this.admin, body("id", "not-a-uuid")).status()).isEqualTo(400);
	}

	@Test
	void onlyAdminsManageDivisionsAndSupervisorsMayListThem() {
		String supervisor = this.api.user(this.admin, "supervisor");
		String agent = this.api.user(this.admin, "agent");
		String sales = this.api.post("/divisions.create", this.admin, body("name", "Sales")).text("id");

		assertThat(this.api.post("/divisions.create", supervisor, body("name", "Care")).status()).isEqualTo(403);
		assertThat(this.api.post("/divisions.update", supervisor, body("id", sales, "name", "x")).status())
			.isEqualTo(403);
		assertThat(this.api.post("/divisions.delete", supervisor, body("id", sales)).status()).isEqualTo(403);
		assertThat(names(this.api.post("/divisions.list", supervisor))).containsExactly("Sales");
		assertThat(this.api.post("/divisions.list", agent).status()).isEqualTo(403);
		assertThat(this.api.post("/divisions.list", null).status()).isEqualTo(401);
	}

	@Test
	void anotherWorkspacesDivisionIsUnknown() {
		String sales = this.api.post("/divisions.create", this.admin, body("name", "Sales")).text("id");
		String other = this.api
			.post("/workspaces.switch", this.admin,
					body("workspace_id",
							this.api.post("/workspaces.create", this.admin, body("name", "Other")).text("id")))
			.text("token");
		String channelId = this.conversations.channel("acme").id().toString();

		assertThat(this.api.post("/divisions.list", other).body().path("data")).isEmpty();
		assertThat(this.api.post("/divisions.update", other, body("id", sales, "name", "x")).status()).isEqualTo(404);
		assertThat(this.api.post("/divisions.delete", other, body("id", sales)).status()).isEqualTo(404);
		assertThat(this.api.post("/divisions.create", other, body("name", "Sales")).status()).isEqualTo(201);

		String otherSales = this.api.post("/divisions.list", other).body().path("data").get(0).path("id").asString();
		assertThat(
				this.api.post("/channels.update", this.admin, body("channel_id", channelId, "division_id", otherSales))
					.status())
			.isEqualTo(404);
		assertThat(this.api
			.post("/users.set-divisions", this.admin,
					body("user_id", me(this.admin), "division_ids", List.of(otherSales)))
			.status()).isEqualTo(400);
	}

	@Test
	void membersDivisionsAreReplacedAndShownSorted() {
		String agent = this.api.user(this.admin, "agent");
		String agentId = me(agent);
		List<String> ids = new ArrayList<>();
		for (String name : List.of("A", "B", "C")) {
			ids.add(this.api.post("/divisions.create", this.admin, body("name", name)).text("id"));
		}
		assertThat(this.api.post("/users.me", agent).body().path("division_ids")).isEmpty();

		Response set = this.api.post("/users.set-divisions", this.admin,
				body("user_id", agentId, "division_ids", List.of(ids.get(2), ids.get(0), ids.get(2))));
		assertThat(set.status()).as(set.text()).isEqualTo(200);
		assertThat(texts(set.body().path("division_ids"))).containsExactlyElementsOf(sorted(ids.get(0), ids.get(2)));
		assertThat(texts(this.api.post("/users.me", agent).body().path("division_ids")))
			.containsExactlyElementsOf(sorted(ids.get(0), ids.get(2)));
		JsonNode listed = this.api.post("/users.list", this.admin).body().path("data").get(1);
		assertThat(texts(listed.path("division_ids"))).containsExactlyElementsOf(sorted(ids.get(0), ids.get(2)));
		Response role = this.api.post("/users.update-role", this.admin, body("user_id", agentId, "role", "supervisor"));
		assertThat(texts(role.body().path("division_ids"))).hasSize(2);

		this.api.post("/divisions.delete", this.admin, body("id", ids.get(0)));
		assertThat(texts(this.api.post("/users.me", agent).body().path("division_ids"))).containsExactly(ids.get(2));
		this.api.post("/users.set-divisions", this.admin, body("user_id", agentId, "division_ids", List.of()));
		assertThat(this.api.post("/users.me", agent).body().path("division_ids")).isEmpty();
	}

	@Test
	void settingDivisionsNeedsAnAdminAMemberAndDivisionsOfTheWorkspace() {
		String supervisor = this.api.user(this.admin, "supervisor");
		String sales = this.api.post("/divisions.create", this.admin, body("name", "Sales")).text("id");
		String supervisorId = me(supervisor);

		assertThat(this.api
			.post("/users.set-divisions", supervisor, body("user_id", supervisorId, "division_ids", List.of(sales)))
			.status()).isEqualTo(403);
		assertThat(this.api
			.post("/users.set-divisions", this.admin, body("user_id", UNKNOWN, "division_ids", List.of(sales)))
			.status()).isEqualTo(404);
		Response unknown = this.api.post("/users.set-divisions", this.admin,
				body("user_id", supervisorId, "division_ids", List.of(sales, UNKNOWN)));
		assertThat(unknown.status()).isEqualTo(400);
		assertThat(unknown.text("detail")).contains("division");
		assertThat(this.api.post("/users.set-divisions", this.admin, body("user_id", supervisorId)).status())
			.isEqualTo(400);
		assertThat(this.api.post("/users.me", supervisor).body().path("division_ids")).isEmpty();
	}

	@Test
	void channelsTakeADivisionAndNullClearsIt() {
		String channelId = this.conversations.channel("acme").id().toString();
		String sales = this.api.post("/divisions.create", this.admin, body("name", "Sales")).text("id");
		assertThat(this.api.post("/channels.info", this.admin, body("channel_id", channelId)).body().has("division_id"))
			.isFalse();

		Response updated = this.api.post("/channels.update", this.admin,
				body("channel_id", channelId, "division_id", sales));
		assertThat(updated.status()).as(updated.text()).isEqualTo(200);
		assertThat(updated.text("division_id")).isEqualTo(sales);
		Response renamed = this.api.post("/channels.update", this.admin, body("channel_id", channelId, "name", "Acme"));
		assertThat(renamed.text("division_id")).as("an absent division_id keeps it").isEqualTo(sales);
		assertThat(this.api.post("/channels.info", this.admin, body("channel_id", channelId)).text("division_id"))
			.isEqualTo(sales);
		assertThat(this.api.post("/channels.update", this.admin, body("channel_id", channelId, "division_id", UNKNOWN))
			.status()).isEqualTo(404);

		Map<String, Object> clear = body("channel_id", channelId, "division_id", null);
		assertThat(this.api.post("/channels.update", this.admin, clear).body().has("division_id")).isFalse();

		this.api.post("/channels.update", this.admin, body("channel_id", channelId, "division_id", sales));
		this.api.post("/divisions.delete", this.admin, body("id", sales));
		assertThat(this.api.post("/channels.info", this.admin, body("channel_id", channelId)).body().has("division_id"))
			.as("a deleted division leaves its channels")
			.isFalse();
	}

	@Test
	void anAgentOutsideAChannelsDivisionFindsNoneOfItsConversations() {
		String agent = this.api.user(this.admin, "agent");
		String supervisor = this.api.user(this.admin, "supervisor");
		Fixture fixture = fixture();

		for (String path : List.of("/conversations.info", "/conversations.read", "/messages.list")) {
			assertThat(this.api.post(path, agent, body("conversation_id", fixture.hidden())).status()).as(path)
				.isEqualTo(404);
		}
		assertThat(this.api
			.post("/messages.send", agent, body("conversation_id", fixture.hidden(), "message", body("text", "hi")))
			.status()).isEqualTo(404);
		assertThat(this.api
			.post("/messages.send", agent,
					body("channel_id", fixture.channel(), "source_recipient_id", "someone", "message",
							body("text", "hi")))
			.status()).isEqualTo(404);
		String tag = this.api.post("/tags.create", this.admin, body("name", "vip", "color", "tag-red")).text("id");
		assertThat(this.api.post("/conversations.tag", agent, body("conversation_id", fixture.hidden(), "tag_id", tag))
			.status()).isEqualTo(404);
		assertThat(
				this.api.post("/metadata.set", agent, body("conversation_id", fixture.hidden(), "key", "a", "value", 1))
					.status())
			.isEqualTo(404);
		assertThat(this.api
			.post("/conversations.set-state", agent, body("conversation_id", fixture.hidden(), "state", "CLOSED"))
			.status()).isEqualTo(404);

		Response list = this.api.post("/conversations.list", agent);
		assertThat(ids(list)).containsExactly(fixture.visible());
		assertThat(list.body().path("response_metadata").path("total").asLong()).isEqualTo(1);
		assertThat(list.body().path("response_metadata").path("filtered_total").asLong()).isEqualTo(1);
		assertThat(list.body().path("response_metadata").path("badge_unread_count").asLong()).isEqualTo(1);
		Response filtered = this.api.post("/conversations.list", agent, body("filters", "unread_count:[1 TO *]"));
		assertThat(ids(filtered)).containsExactly(fixture.visible());
		assertThat(filtered.body().path("response_metadata").path("total").asLong()).isEqualTo(1);

		for (String other : List.of(this.admin, supervisor)) {
			Response all = this.api.post("/conversations.list", other);
			assertThat(ids(all)).containsExactlyInAnyOrder(fixture.visible(), fixture.hidden());
			assertThat(all.body().path("response_metadata").path("badge_unread_count").asLong()).isEqualTo(2);
			assertThat(this.api.post("/conversations.info", other, body("conversation_id", fixture.hidden())).status())
				.isEqualTo(200);
		}
	}

	@Test
	void joiningTheDivisionShowsItsConversationsAtTheNextRequest() {
		String agent = this.api.user(this.admin, "agent");
		Fixture fixture = fixture();
		assertThat(this.api.post("/conversations.info", agent, body("conversation_id", fixture.hidden())).status())
			.isEqualTo(404);

		this.api.post("/users.set-divisions", this.admin,
				body("user_id", me(agent), "division_ids", List.of(fixture.division())));

		assertThat(this.api.post("/conversations.info", agent, body("conversation_id", fixture.hidden())).status())
			.isEqualTo(200);
		assertThat(ids(this.api.post("/conversations.list", agent))).containsExactlyInAnyOrder(fixture.visible(),
				fixture.hidden());
		assertThat(this.api
			.post("/messages.send", agent, body("conversation_id", fixture.hidden(), "message", body("text", "hi")))
			.status()).isEqualTo(200);
		assertThat(
				this.api.post("/metadata.set", agent, body("conversation_id", fixture.hidden(), "key", "a", "value", 1))
					.status())
			.isEqualTo(200);

		this.api.post("/users.set-divisions", this.admin, body("user_id", me(agent), "division_ids", List.of()));
		assertThat(this.api.post("/messages.list", agent, body("conversation_id", fixture.hidden())).status())
			.isEqualTo(404);
	}

	@Test
	void anAgentGetsNoEventOfAConversationTheyDoNotSee() throws Exception {
		String agent = this.api.user(this.admin, "agent");
		String sales = this.api.post("/divisions.create", this.admin, body("name", "Sales")).text("id");
		ChannelView hiddenChannel = this.conversations.channel("hidden");
		ChannelView openChannel = this.conversations.channel("open");
		Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

		try (StompTestClient agentClient = StompTestClient.connect(this.port, "/ws.communication", agent)
			.subscribe("/events");
				StompTestClient adminClient = StompTestClient.connect(this.port, "/ws.communication", this.admin)
					.subscribe("/events")) {
			UUID before = this.conversations.inbound(hiddenChannel, "early", "Early", "hi", now).conversationId();
			awaitConversation(agentClient, before);
			this.api.post("/channels.update", this.admin,
					body("channel_id", hiddenChannel.id().toString(), "division_id", sales));
			UUID hidden = this.conversations.inbound(hiddenChannel, "grace", "Grace", "secret", now).conversationId();
			String tag = this.api.post("/tags.create", this.admin, body("name", "vip", "color", "tag-red")).text("id");
			UUID visible = this.conversations.inbound(openChannel, "ada", "Ada", "hello", now).conversationId();

			awaitConversation(agentClient, visible);
			awaitConversation(adminClient, visible);
			assertThat(conversationIds(agentClient)).contains(visible.toString()).doesNotContain(hidden.toString());
			assertThat(conversationIds(adminClient)).contains(hidden.toString());
			assertThat(agentClient.awaitEvent("tag.updated").path("payload").path("id").asString()).isEqualTo(tag);
			assertThat(agentClient.received()
				.stream()
				.filter((event) -> event.path("type").asString().equals("channel.updated")))
				.as("channel events go to every member")
				.isNotEmpty();

			this.api.post("/users.set-divisions", this.admin,
					body("user_id", me(agent), "division_ids", List.of(sales)));
			UUID later = this.conversations.inbound(hiddenChannel, "grace", "Grace", "now visible", now.plusSeconds(1))
				.conversationId();
			awaitConversation(agentClient, later);
		}

		String agentOutside = this.api.user(this.admin, "agent");
		JsonNode events = this.api.post("/events.list", agentOutside, body("page_size", 1000)).body();
		List<String> seen = new ArrayList<>();
		events.path("data").forEach((event) -> seen.add(conversationOf(event)));
		JsonNode all = this.api.post("/events.list", this.admin, body("page_size", 1000)).body();
		List<String> adminSeen = new ArrayList<>();
		all.path("data").forEach((event) -> adminSeen.add(conversationOf(event)));
		assertThat(seen).isNotEmpty().doesNotContain(hiddenConversation(all, hiddenChannel));
		assertThat(adminSeen).contains(hiddenConversation(all, hiddenChannel));
		assertThat(events.path("response_metadata").path("total").asLong())
			.isLessThan(all.path("response_metadata").path("total").asLong());
	}

	private Fixture fixture() {
		String sales = this.api.post("/divisions.create", this.admin, body("name", "Sales")).text("id");
		ChannelView divided = this.conversations.channel("divided");
		ChannelView open = this.conversations.channel("open");
		this.api.post("/channels.update", this.admin,
				body("channel_id", divided.id().toString(), "division_id", sales));
		Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		UUID hidden = this.conversations.inbound(divided, "grace", "Grace", "hello", now).conversationId();
		UUID visible = this.conversations.inbound(open, "ada", "Ada", "hello", now).conversationId();
		return new Fixture(sales, divided.id().toString(), hidden.toString(), visible.toString());
	}

	private static void awaitConversation(StompTestClient client, UUID conversationId) {
		await().atMost(Duration.ofSeconds(10)).until(() -> conversationIds(client).contains(conversationId.toString()));
	}

	private static List<String> conversationIds(StompTestClient client) {
		List<String> ids = new ArrayList<>();
		client.received().forEach((event) -> ids.add(conversationOf(event)));
		return ids;
	}

	private static String conversationOf(JsonNode event) {
		JsonNode payload = event.path("payload");
		return switch (event.path("type").asString()) {
			case "conversation.updated" -> payload.path("id").asString();
			case "message.created", "message.updated" -> payload.path("conversation_id").asString();
			default -> "";
		};
	}

	private static String hiddenConversation(JsonNode events, ChannelView channel) {
		for (JsonNode event : events.path("data")) {
			if (event.path("type").asString().equals("conversation.updated")
					&& event.path("payload").path("channel").path("id").asString().equals(channel.id().toString())) {
				return event.path("payload").path("id").asString();
			}
		}
		throw new AssertionError("no event of the channel " + channel.id());
	}

	private String me(String token) {
		return this.api.post("/users.me", token).text("id");
	}

	private static List<String> names(Response response) {
		List<String> names = new ArrayList<>();
		response.body().path("data").forEach((division) -> names.add(division.path("name").asString()));
		return names;
	}

	private static List<String> ids(Response response) {
		List<String> ids = new ArrayList<>();
		response.body().path("data").forEach((conversation) -> ids.add(conversation.path("id").asString()));
		return ids;
	}

	private static List<String> texts(JsonNode array) {
		List<String> texts = new ArrayList<>();
		array.forEach((node) -> texts.add(node.asString()));
		return texts;
	}

	private static List<String> sorted(String... ids) {
		return Arrays.stream(ids).sorted().toList();
	}

	private record Fixture(String division, String channel, String hidden, String visible) {
	}

}

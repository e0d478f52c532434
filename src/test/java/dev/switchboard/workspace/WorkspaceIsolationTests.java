package dev.switchboard.workspace;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.switchboard.Api.Response;
import dev.switchboard.IntegrationTests;
import dev.switchboard.StompTestClient;
import dev.switchboard.channel.ChannelView;
import dev.switchboard.message.MessageView;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.switchboard.Api.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two workspaces with alike data (the same tag, channel and contact names): whatever a
 * member of one does with the ids of the other is answered as for unknown ids, and no
 * list, count or stream of one shows the other's rows.
 */
class WorkspaceIsolationTests extends IntegrationTests {

	@LocalServerPort
	private int port;

	@Autowired
	private WorkspaceService workspaces;

	private Side a;

	private Side b;

	@BeforeEach
	void twoWorkspacesWithAlikeData() {
		String admin = this.api.admin();
		UUID defaultId = this.workspaces.oldest().orElseThrow();
		Workspaces.Workspace beta = Workspaces.create(this.api, admin, "Beta");
		this.a = side(defaultId, admin, "acme-a");
		this.b = side(beta.id(), beta.token(), "acme-b");
	}

	@Test
	void theIdsOfAnotherWorkspaceAreNotFound() {
		Map<String, Object> text = body("text", "hello");
		List<Call> calls = List.of(new Call("/tags.update", body("id", this.b.tagId, "name", "renamed")),
				new Call("/tags.delete", body("id", this.b.tagId)),
				new Call("/conversations.info", body("conversation_id", this.b.conversationId)),
				new Call("/conversations.read", body("conversation_id", this.b.conversationId)),
				new Call("/conversations.tag", body("conversation_id", this.b.conversationId, "tag_id", this.a.tagId)),
				new Call("/conversations.tag", body("conversation_id", this.b.conversationId, "tag_id", this.b.tagId)),
				new Call("/conversations.tag", body("conversation_id", this.a.conversationId, "tag_id", this.b.tagId)),
				new Call("/conversations.untag",
						body("conversation_id", this.b.conversationId, "tag_id", this.b.tagId)),
				new Call("/conversations.set-state", body("conversation_id", this.b.conversationId, "state", "CLOSED")),
				new Call("/conversations.update-contact",
						body("conversation_id", this.b.conversationId, "display_name", "Someone")),
				new Call("/metadata.set", body("conversation_id", this.b.conversationId, "key", "crm.id", "value", 7)),
				new Call("/metadata.remove", body("conversation_id", this.b.conversationId, "key", "crm")),
				new Call("/messages.list", body("conversation_id", this.b.conversationId)),
				new Call("/messages.send", body("conversation_id", this.b.conversationId, "message", text)),
				new Call("/messages.send",
						body("channel_id", this.b.fake.id(), "source_recipient_id", "c2", "message", text)),
				new Call("/messages.resend", body("message_id", this.b.messageId)),
				new Call("/channels.info", body("channel_id", this.b.chatPluginId)),
				new Call("/channels.info", body("channel_id", this.b.fake.id())),
				new Call("/channels.update", body("channel_id", this.b.chatPluginId, "name", "Taken over")),
				new Call("/users.update-role", body("user_id", this.b.agentId, "role", "admin")));

		for (Call call : calls) {
			Response response = this.api.post(call.path(), this.a.token, call.body());
			assertThat(response.status()).as(call.path() + " " + call.body() + ": " + response.text()).isEqualTo(404);
			assertThat(response.contentType()).isEqualTo("application/problem+json");
		}
		for (Call call : List.of(new Call("/channels.disconnect", body("channel_id", this.b.fake.id())),
				new Call("/channels.fake.disconnect", body("channel_id", this.b.fake.id())),
				new Call("/channels.chatplugin.disconnect", body("channel_id", this.b.chatPluginId)))) {
			Response response = this.api.post(call.path(), this.a.token, call.body());
			assertThat(response.status()).as(call.path() + ": " + response.text()).isEqualTo(400);
			assertThat(response.text("detail")).startsWith("No ");
		}

		assertThat(this.api.post("/tags.list", this.b.token).body().path("tags").get(0).path("name").asString())
			.isEqualTo("vip");
		JsonNode conversation = this.api
			.post("/conversations.info", this.b.token, body("conversation_id", this.b.conversationId))
			.body();
		assertThat(conversation.path("tags").get(0).asString()).isEqualTo(this.b.tagId);
		assertThat(conversation.path("unread_message_count").asInt()).isEqualTo(1);
		assertThat(conversation.path("state").asString()).isEqualTo("OPEN");
		assertThat(conversation.path("contact").path("display_name").asString()).isEqualTo("Grace Hopper");
		assertThat(conversation.path("metadata").isEmpty()).isTrue();
		assertThat(this.api.post("/messages.list", this.b.token, body("conversation_id", this.b.conversationId))
			.text("response_metadata.total")).isEqualTo("1");
		for (String channelId : List.of(this.b.chatPluginId, this.b.fake.id().toString())) {
			JsonNode channel = this.api.post("/channels.info", this.b.token, body("channel_id", channelId)).body();
			assertThat(channel.path("connected").asBoolean()).isTrue();
			assertThat(channel.path("metadata").path("name").asString()).doesNotContain("Taken over");
		}
		assertThat(this.fakeSender.attempts()).isEmpty();
		assertThat(this.api.post("/users.list", this.b.token).body().path("data").findValuesAsString("role"))
			.containsExactly("admin", "agent");
	}

	@Test
	void aPlatformAccountConnectedInOneWorkspaceIsAConflictInAnother() {
		Map<String, Object> account = body("account_id", this.a.fake.sourceChannelId(), "token", "t");
		Map<String, Object> generic = body("source", "fake", "account_id", this.a.fake.sourceChannelId(), "token", "t");

		Response connect = this.api.post("/channels.fake.connect", this.b.token, account);
		Response genericConnect = this.api.post("/channels.connect", this.b.token, generic);

		assertThat(connect.status()).as(connect.text()).isEqualTo(409);
		assertThat(genericConnect.status()).isEqualTo(409);
		assertThat(this.api.post("/channels.list", this.b.token).body().path("data").findValuesAsString("id"))
			.containsExactlyInAnyOrder(this.b.chatPluginId, this.b.fake.id().toString());
		JsonNode channel = this.api.post("/channels.info", this.a.token, body("channel_id", this.a.fake.id())).body();
		assertThat(channel.path("connected").asBoolean()).isTrue();
		assertThat(this.api.post("/channels.fake.connect", this.a.token, account).text("id"))
			.as("the owner reconnects it as before")
			.isEqualTo(this.a.fake.id().toString());
	}

	@Test
	void chatPluginChannelsOfTheSameNameAreOnePerWorkspace() {
		JsonNode channelA = this.api.post("/channels.info", this.a.token, body("channel_id", this.a.chatPluginId))
			.body();
		JsonNode channelB = this.api.post("/channels.info", this.b.token, body("channel_id", this.b.chatPluginId))
			.body();

		assertThat(this.a.chatPluginId).isNotEqualTo(this.b.chatPluginId);
		assertThat(channelA.path("source_channel_id").asString()).isEqualTo("Web");
		assertThat(channelB.path("source_channel_id").asString()).isEqualTo("Web");
		assertThat(this.api.post("/channels.chatplugin.connect", this.b.token, body("name", "Web")).text("id"))
			.as("connecting it again in B reconnects B's")
			.isEqualTo(this.b.chatPluginId);
	}

	@Test
	void listsAndCountsShowOnlyTheirWorkspace() {
		this.conversations.inbound(this.b.fake, "c2", "Grace Hopper", "again", null);

		for (Side side : List.of(this.a, this.b)) {
			Side other = (side == this.a) ? this.b : this.a;
			Response all = this.api.post("/conversations.list", side.token);
			assertThat(all.body().path("data").findValuesAsString("id")).contains(side.conversationId)
				.doesNotContain(other.conversationId);
			long own = (side == this.a) ? 1 : 2;
			assertThat(all.text("response_metadata.total")).isEqualTo(Long.toString(own));
			assertThat(all.text("response_metadata.filtered_total")).isEqualTo(Long.toString(own));
			assertThat(all.text("response_metadata.badge_unread_count")).isEqualTo(Long.toString(own));
			Response byName = this.api.post("/conversations.list", side.token, body("filters", "display_name:*hopper"));
			assertThat(byName.text("response_metadata.filtered_total")).isEqualTo(Long.toString(own));
			for (String filter : List.of("channel_id:" + other.fake.id(), "tag_ids:" + other.tagId,
					"id:" + other.conversationId)) {
				Response filtered = this.api.post("/conversations.list", side.token, body("filters", filter));
				assertThat(filtered.status()).isEqualTo(200);
				assertThat(filtered.body().path("data").isEmpty()).as(filter).isTrue();
				assertThat(filtered.text("response_metadata.filtered_total")).isEqualTo("0");
				assertThat(filtered.text("response_metadata.badge_unread_count")).isEqualTo("0");
			}
			assertThat(this.api.post("/tags.list", side.token).body().path("tags").findValuesAsString("id"))
				.containsExactly(side.tagId);
			assertThat(this.api.post("/channels.list", side.token).body().path("data").findValuesAsString("id"))
				.containsExactlyInAnyOrder(side.chatPluginId, side.fake.id().toString());
			Response users = this.api.post("/users.list", side.token);
			assertThat(users.body().path("data").findValuesAsString("id")).contains(side.agentId)
				.doesNotContain(other.agentId);
			assertThat(users.text("response_metadata.total")).isEqualTo("2");
		}
	}

	@Test
	void aCursorOfOneWorkspaceIsRefusedInAnother() {
		this.conversations.inbound(this.b.fake, "c2", "Grace Hopper", "again", null);
		String cursor = this.api.post("/conversations.list", this.b.token, body("page_size", 1))
			.text("response_metadata.next_cursor");
		assertThat(cursor).isNotEmpty();

		Response response = this.api.post("/conversations.list", this.a.token, body("cursor", cursor, "page_size", 1));

		assertThat(response.status()).as("B's counts must not show in A: " + response.text()).isEqualTo(400);
	}

	@Test
	void anAgentStreamCarriesItsWorkspaceEventsAndNoneOfTheOther() throws Exception {
		try (StompTestClient streamA = StompTestClient.connect(this.port, "/ws.communication", this.a.token)
			.subscribe("/events");
				StompTestClient streamB = StompTestClient.connect(this.port, "/ws.communication", this.b.token)
					.subscribe("/events")) {
			this.api.post("/tags.create", this.b.token, body("name", "only-b", "color", "tag-blue"));
			MessageView inB = this.conversations.inbound(this.b.fake, "c1", "Grace Hopper", "from b", null);
			this.api.post("/tags.create", this.a.token, body("name", "only-a", "color", "tag-blue"));
			MessageView inA = this.conversations.inbound(this.a.fake, "c1", "Grace Hopper", "from a", null);

			awaitMessage(streamA, inA);
			awaitMessage(streamB, inB);

			assertThat(texts(streamA.received())).anyMatch((event) -> event.contains("only-a"))
				.noneMatch((event) -> event.contains("only-b") || this.b.mentionedIn(event));
			assertThat(texts(streamB.received())).anyMatch((event) -> event.contains("only-b"))
				.noneMatch((event) -> event.contains("only-a") || this.a.mentionedIn(event));
		}
	}

	@Test
	void eventsListReturnsOnlyTheWorkspacesEvents() {
		MessageView inA = this.conversations.inbound(this.a.fake, "c1", "Grace Hopper", "from a", null);
		MessageView inB = this.conversations.inbound(this.b.fake, "c1", "Grace Hopper", "from b", null);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> eventsList(this.a).contains(inA.id().toString())
					&& eventsList(this.b).contains(inB.id().toString()));

		for (Side side : List.of(this.a, this.b)) {
			Side other = (side == this.a) ? this.b : this.a;
			Response events = this.api.post("/events.list", side.token, body("page_size", 1000));
			List<String> texts = texts(events.body().path("data").valueStream().toList());
			assertThat(texts).isNotEmpty().noneMatch(other::mentionedIn);
			assertThat(events.text("response_metadata.total")).isEqualTo(Integer.toString(texts.size()));
		}
	}

	@Test
	void anIdempotencyKeyUsedInOneWorkspaceDoesNotReturnTheOthersMessage() {
		Response inB = this.api.post("/messages.send", this.b.token, body("conversation_id", this.b.conversationId,
				"message", body("text", "to b"), "client_message_id", "key-1"));
		Response inA = this.api.post("/messages.send", this.a.token, body("conversation_id", this.a.conversationId,
				"message", body("text", "to a"), "client_message_id", "key-1"));
		Response againInA = this.api.post("/messages.send", this.a.token, body("conversation_id", this.a.conversationId,
				"message", body("text", "to a"), "client_message_id", "key-1"));

		assertThat(inB.status()).isEqualTo(200);
		assertThat(inA.status()).isEqualTo(200);
		assertThat(inA.text("id")).isNotEqualTo(inB.text("id"));
		assertThat(inA.text("conversation_id")).isEqualTo(this.a.conversationId);
		assertThat(inA.text("content.text")).isEqualTo("to a");
		assertThat(againInA.text("id")).isEqualTo(inA.text("id"));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.fakeSender.attempts().size() == 2);
	}

	@Test
	void aChatPluginVisitorOfOneWorkspaceSeesNothingOfTheOther() throws Exception {
		Response visitorA = this.api.post("/chatplugin.authenticate", null, body("channel_id", this.a.chatPluginId));
		Response visitorB = this.api.post("/chatplugin.authenticate", null, body("channel_id", this.b.chatPluginId));
		this.api.post("/chatplugin.send", visitorA.text("token"), body("message", body("text", "visitor of a")));
		this.api.post("/chatplugin.send", visitorB.text("token"), body("message", body("text", "visitor of b")));
		String conversationA = visitorA.text("conversation_id");
		String conversationB = visitorB.text("conversation_id");

		try (StompTestClient visitor = StompTestClient.connect(this.port, "/ws.chatplugin", visitorA.text("token"))
			.subscribe("/user/queue/message")) {
			Response crossReply = this.api.post("/messages.send", this.a.token,
					body("conversation_id", conversationB, "message", body("text", "wrong inbox")));
			this.api.post("/messages.send", this.b.token,
					body("conversation_id", conversationB, "message", body("text", "reply in b")));
			this.api.post("/messages.send", this.a.token,
					body("conversation_id", conversationA, "message", body("text", "reply in a")));

			assertThat(crossReply.status()).isEqualTo(404);
			await().atMost(Duration.ofSeconds(10)).until(() -> !visitor.received().isEmpty());
			Thread.sleep(300);
			assertThat(visitor.received())
				.extracting((event) -> event.path("message").path("content").path("text").asString())
				.containsExactly("reply in a");
		}
		Response history = this.api.post("/chatplugin.messages", visitorA.text("token"), body());
		assertThat(history.body().path("data").findValuesAsString("text")).containsExactly("visitor of a",
				"reply in a");
		assertThat(this.api.post("/conversations.list", this.a.token).body().path("data").findValuesAsString("id"))
			.contains(conversationA)
			.doesNotContain(conversationB);
		assertThat(this.api.post("/conversations.list", this.b.token).body().path("data").findValuesAsString("id"))
			.contains(conversationB)
			.doesNotContain(conversationA);
	}

	private void awaitMessage(StompTestClient stream, MessageView message) {
		await().atMost(Duration.ofSeconds(10))
			.until(() -> texts(stream.received()).stream()
				.anyMatch((event) -> event.contains("message.created") && event.contains(message.id().toString())));
	}

	private String eventsList(Side side) {
		return this.api.post("/events.list", side.token, body("page_size", 1000)).text();
	}

	private static List<String> texts(List<JsonNode> events) {
		List<String> texts = new ArrayList<>();
		events.forEach((event) -> texts.add(event.toString()));
		return texts;
	}

	private Side side(UUID workspaceId, String token, String account) {
		Response tag = this.api.post("/tags.create", token, body("name", "vip", "color", "tag-red"));
		assertThat(tag.status()).as(tag.text()).isEqualTo(201);
		Response chatPlugin = this.api.post("/channels.chatplugin.connect", token, body("name", "Web"));
		assertThat(chatPlugin.status()).as(chatPlugin.text()).isEqualTo(200);
		ChannelView fake = this.conversations.channel(workspaceId, account);
		MessageView message = this.conversations.inbound(fake, "c1", "Grace Hopper", "hello", null);
		String conversationId = message.conversationId().toString();
		assertThat(this.api
			.post("/conversations.tag", token, body("conversation_id", conversationId, "tag_id", tag.text("id")))
			.status()).isEqualTo(200);
		String agent = this.api.user(token, "agent");
		return new Side(workspaceId, token, tag.text("id"), chatPlugin.text("id"), fake, conversationId,
				message.id().toString(), this.api.post("/users.me", agent).text("id"));
	}

	/**
	 * One workspace's data, named alike in both.
	 */
	private record Side(UUID workspaceId, String token, String tagId, String chatPluginId, ChannelView fake,
			String conversationId, String messageId, String agentId) {

		/** Whether an event's JSON names any of this workspace's rows. */
		boolean mentionedIn(String event) {
			return List
				.of(this.workspaceId.toString(), this.tagId, this.chatPluginId, this.fake.id().toString(),
						this.conversationId, this.messageId)
				.stream()
				.anyMatch(event::contains);
		}

	}

	private record Call(String path, Map<String, Object> body) {
	}

}

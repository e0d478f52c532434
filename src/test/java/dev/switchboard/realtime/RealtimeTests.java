package dev.switchboard.realtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.switchboard.workspace.WorkspaceService;
import dev.switchboard.Api.Response;
import dev.switchboard.IntegrationTests;
import dev.switchboard.StompTestClient;
import dev.switchboard.common.events.EventLog;
import dev.switchboard.common.events.EventLog.EventsPositioned;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.transaction.support.TransactionTemplate;

import static dev.switchboard.Api.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class RealtimeTests extends IntegrationTests {

	@LocalServerPort
	private int port;

	@Autowired
	private EventLog eventLog;

	@Autowired
	private WorkspaceService workspaces;

	@Autowired
	private TransactionTemplate transaction;

	@Autowired
	private ConfigurableApplicationContext context;

	/**
	 * The relay says when it has read newly positioned events, so that what follows the
	 * log (the webhooks' dispatcher) reads them at once rather than at its next poll.
	 */
	@Test
	void theRelayAnnouncesTheEventsItHasRead() {
		String admin = this.api.admin();
		List<Long> announced = new CopyOnWriteArrayList<>();
		ApplicationListener<PayloadApplicationEvent<EventsPositioned>> listener = (event) -> announced
			.add(event.getPayload().lastPosition());
		this.context.addApplicationListener(listener);
		try {
			this.api.post("/tags.create", admin, body("name", "announced", "color", "tag-red"));

			await().atMost(Duration.ofSeconds(10))
				.until(() -> this.jdbc
					.sql("select position from events where type = 'tag.updated' and payload ->> 'name' = 'announced'")
					.query(Long.class)
					.optional()
					.filter((position) -> announced.stream().anyMatch((last) -> last >= position))
					.isPresent());
		}
		finally {
			this.context.removeApplicationListener(listener);
		}
	}

	@Test
	void anAgentReceivesEveryEventTypeInTheHttpShapes() throws Exception {
		String admin = this.api.admin();
		try (StompTestClient agent = StompTestClient.connect(this.port, "/ws.communication", admin)
			.subscribe("/events")) {
			String tagId = this.api.post("/tags.create", admin, body("name", "vip", "color", "tag-red")).text("id");
			String channelId = this.api.post("/channels.chatplugin.connect", admin, body("name", "Web")).text("id");
			Response session = this.api.post("/chatplugin.authenticate", null, body("channel_id", channelId));
			this.api.post("/chatplugin.send", session.text("token"), body("message", body("text", "hello")));
			String conversationId = session.text("conversation_id");
			this.api.post("/messages.send", admin,
					body("conversation_id", conversationId, "message", body("text", "hi there")));

			JsonNode tag = agent.awaitEvent("tag.updated");
			assertThat(tag.path("payload").path("id").asString()).isEqualTo(tagId);
			assertThat(tag.path("payload").path("color").asString()).isEqualTo("tag-red");
			assertThat(tag.path("id").asLong()).isPositive();
			assertThat(tag.path("timestamp").asString()).matches("\\d{4}-.*\\.\\d{3}Z");
			assertThat(agent.awaitEvent("channel.updated").path("payload").path("id").asString()).isEqualTo(channelId);
			JsonNode created = agent.awaitEvent("message.created");
			assertThat(created.path("payload").path("content").path("text").asString()).isEqualTo("hello");
			assertThat(created.path("payload").path("conversation_id").asString()).isEqualTo(conversationId);
			JsonNode conversation = agent.awaitEvent("conversation.updated");
			assertThat(conversation.path("payload").path("id").asString()).isEqualTo(conversationId);
			assertThat(conversation.path("payload").path("unread_message_count").asInt()).isEqualTo(1);
			JsonNode updated = agent.awaitEvent("message.updated");
			assertThat(updated.path("payload").path("delivery_state").asString()).isEqualTo("DELIVERED");

			List<Long> ids = new ArrayList<>();
			agent.received().forEach((event) -> ids.add(event.path("id").asLong()));
			assertThat(ids).isSorted().doesNotHaveDuplicates();
		}
	}

	@Test
	void aVisitorReceivesTheirConversationsMessagesAndNothingElse() throws Exception {
		String admin = this.api.admin();
		String channelId = this.api.post("/channels.chatplugin.connect", admin, body("name", "Web")).text("id");
		Response alice = this.api.post("/chatplugin.authenticate", null, body("channel_id", channelId));
		Response bob = this.api.post("/chatplugin.authenticate", null, body("channel_id", channelId));
		this.api.post("/chatplugin.send", alice.text("token"), body("message", body("text", "alice here")));
		this.api.post("/chatplugin.send", bob.text("token"), body("message", body("text", "bob here")));

		try (StompTestClient visitor = StompTestClient.connect(this.port, "/ws.chatplugin", alice.text("token"))
			.subscribe("/user/queue/message")) {
			this.api.post("/messages.send", admin,
					body("conversation_id", bob.text("conversation_id"), "message", body("text", "for bob")));
			this.api.post("/messages.send", admin,
					body("conversation_id", alice.text("conversation_id"), "message", body("text", "for alice")));
			this.api.post("/chatplugin.send", alice.text("token"), body("message", body("text", "thanks")));

			await().atMost(Duration.ofSeconds(10)).until(() -> visitor.received().size() >= 2);
			Thread.sleep(300);
			List<String> texts = new ArrayList<>();
			visitor.received()
				.forEach((event) -> texts.add(event.path("message").path("content").path("text").asString()));
			assertThat(texts).containsExactly("for alice", "thanks");
			JsonNode reply = visitor.received().get(0);
			assertThat(reply.path("conversation_id").asString()).isEqualTo(alice.text("conversation_id"));
			assertThat(reply.path("channel_id").asString()).isEqualTo(channelId);
			assertThat(reply.path("message").path("sender_type").asString()).isEqualTo("app_user");
		}
	}

	@Test
	void badTokensAreRefusedAtConnect() {
		String admin = this.api.admin();
		String channelId = this.api.post("/channels.chatplugin.connect", admin, body("name", "Web")).text("id");
		String visitor = this.api.post("/chatplugin.authenticate", null, body("channel_id", channelId)).text("token");

		assertThatThrownBy(() -> StompTestClient.connect(this.port, "/ws.communication", null)).isNotNull();
		assertThatThrownBy(() -> StompTestClient.connect(this.port, "/ws.communication", "not.a.token")).isNotNull();
		assertThatThrownBy(() -> StompTestClient.connect(this.port, "/ws.communication", visitor)).isNotNull();
		assertThatThrownBy(() -> StompTestClient.connect(this.port, "/ws.chatplugin", admin)).isNotNull();
	}

	@Test
	void aVisitorCannotSubscribeToAgentEvents() throws Exception {
		String admin = this.api.admin();
		String channelId = this.api.post("/channels.chatplugin.connect", admin, body("name", "Web")).text("id");
		String visitor = this.api.post("/chatplugin.authenticate", null, body("channel_id", channelId)).text("token");

		try (StompTestClient client = StompTestClient.connect(this.port, "/ws.chatplugin", visitor)) {
			client.subscribe("/events");
			this.api.post("/tags.create", admin, body("name", "secret", "color", "tag-red"));
			Thread.sleep(500);
			assertThat(client.received()).isEmpty();
		}
	}

	@Test
	void aRolledBackChangePublishesNothing() throws Exception {
		String admin = this.api.admin();
		try (StompTestClient agent = StompTestClient.connect(this.port, "/ws.communication", admin)
			.subscribe("/events")) {
			this.transaction.executeWithoutResult((status) -> {
				this.eventLog.append("tag.updated", this.workspaces.oldest().orElseThrow(), null, null,
						body("name", "rolled back"));
				status.setRollbackOnly();
			});
			this.api.post("/tags.create", admin, body("name", "committed", "color", "tag-blue"));

			JsonNode event = agent.awaitEvent("tag.updated");
			Thread.sleep(300);
			assertThat(event.path("payload").path("name").asString()).isEqualTo("committed");
			assertThat(agent.received()).hasSize(1);
			assertThat(this.api.post("/events.list", admin).text()).doesNotContain("rolled back");
		}
	}

	@Test
	void eventsListReturnsWhatAReconnectingClientMissedInOrder() {
		String admin = this.api.admin();
		long start = lastEventId(admin);
		for (int i = 0; i < 5; i++) {
			this.api.post("/tags.create", admin, body("name", "t" + i, "color", "tag-green"));
		}

		await().atMost(Duration.ofSeconds(10)).until(() -> lastEventId(admin) >= start + 5);
		Response first = this.api.post("/events.list", admin, body("after_id", start, "page_size", 3));
		Response second = this.api.post("/events.list", admin,
				body("after_id", first.body().path("data").get(2).path("id").asLong(), "page_size", 3));

		assertThat(first.body().path("data")).hasSize(3);
		assertThat(first.text("response_metadata.next_cursor")).isNotEmpty();
		List<String> names = new ArrayList<>();
		first.body().path("data").forEach((event) -> names.add(event.path("payload").path("name").asString()));
		second.body().path("data").forEach((event) -> names.add(event.path("payload").path("name").asString()));
		assertThat(names).containsExactly("t0", "t1", "t2", "t3", "t4");
		assertThat(second.text("response_metadata.next_cursor")).isEmpty();
		assertThat(this.api.post("/events.list", admin, body("page_size", 0)).status()).isEqualTo(400);
		assertThat(this.api.post("/events.list", null).status()).isEqualTo(401);
	}

	private long lastEventId(String token) {
		long last = 0;
		Response page;
		do {
			page = this.api.post("/events.list", token, body("after_id", last, "page_size", 1000));
			for (JsonNode event : page.body().path("data")) {
				last = event.path("id").asLong();
			}
		}
		while (!page.text("response_metadata.next_cursor").isEmpty());
		return last;
	}

}

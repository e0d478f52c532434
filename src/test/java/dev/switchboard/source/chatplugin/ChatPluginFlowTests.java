package dev.switchboard.source.chatplugin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.switchboard.Api.Response;
import dev.switchboard.IntegrationTests;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static dev.switchboard.Api.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ChatPluginFlowTests extends IntegrationTests {

	@Test
	void aVisitorsMessageReachesAnAgentWhoseReplyTheVisitorReads() {
		String admin = this.api.admin();
		String agent = this.api.user(admin, "agent");
		String channelId = this.api.post("/channels.chatplugin.connect", admin, body("name", "Website")).text("id");

		Response session = this.api.post("/chatplugin.authenticate", null, body("channel_id", channelId));
		assertThat(session.status()).isEqualTo(200);
		assertThat(session.body().propertyNames()).contains("token", "resume_token", "conversation_id", "messages");
		String visitor = session.text("token");
		String conversationId = session.text("conversation_id");
		Response sent = this.api.post("/chatplugin.send", visitor, body("message", body("text", "Hello, I need help")));
		assertThat(sent.status()).isEqualTo(200);
		assertThat(sent.text("sender_type")).isEqualTo("source_contact");
		assertThat(sent.text("delivery_state")).isEqualTo("DELIVERED");

		Response found = this.api.post("/conversations.list", agent,
				body("filters", "display_name:*visitor* AND unread_count:[1 TO *] AND source:chatplugin"));
		assertThat(found.status()).as(found.text()).isEqualTo(200);
		assertThat(found.body().path("data")).hasSize(1);
		JsonNode conversation = found.body().path("data").get(0);
		assertThat(conversation.path("id").asString()).isEqualTo(conversationId);
		assertThat(conversation.path("unread_message_count").asInt()).isEqualTo(1);
		assertThat(conversation.path("last_message").path("content").path("text").asString())
			.isEqualTo("Hello, I need help");
		assertThat(conversation.path("channel").path("name").asString()).isEqualTo("chatplugin");
		assertThat(found.body().path("response_metadata").path("badge_unread_count").asInt()).isEqualTo(1);

		String tagId = this.api.post("/tags.create", admin, body("name", "Support", "color", "tag-blue")).text("id");
		assertThat(this.api.post("/conversations.tag", agent, body("conversation_id", conversationId, "tag_id", tagId))
			.status()).isEqualTo(200);
		assertThat(this.api
			.post("/metadata.set", agent, body("conversation_id", conversationId, "key", "crm.owner", "value", "grace"))
			.status()).isEqualTo(200);
		assertThat(this.api.post("/conversations.read", agent, body("conversation_id", conversationId)).status())
			.isEqualTo(202);
		Response reply = this.api.post("/messages.send", agent,
				body("conversation_id", conversationId, "message", body("text", "Hi! How can I help?")));
		assertThat(reply.status()).isEqualTo(200);
		assertThat(reply.text("delivery_state")).isEqualTo("PENDING");
		assertThat(reply.text("sender_type")).isEqualTo("app_user");

		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			Response messages = this.api.post("/chatplugin.messages", visitor, "{}");
			assertThat(texts(messages)).containsExactly("Hello, I need help", "Hi! How can I help?");
			assertThat(messages.body().path("data").get(1).path("delivery_state").asString()).isEqualTo("DELIVERED");
		});
		Response info = this.api.post("/conversations.info", agent, body("conversation_id", conversationId));
		assertThat(info.body().path("tags").get(0).asString()).isEqualTo(tagId);
		assertThat(info.body().path("metadata").path("crm").path("owner").asString()).isEqualTo("grace");
		assertThat(info.body().path("unread_message_count").asInt()).isZero();
		assertThat(info.body().path("last_message").path("content").path("text").asString())
			.isEqualTo("Hi! How can I help?");
		assertThat(this.api
			.post("/conversations.list", agent, body("filters", "tag_ids:" + tagId + " AND metadata.crm.owner:grace"))
			.body()
			.path("data")).hasSize(1);
	}

	@Test
	void aResumeTokenBringsBackTheConversation() {
		String admin = this.api.admin();
		String channelId = this.api.post("/channels.chatplugin.connect", admin, body("name", "Website")).text("id");
		Response session = this.api.post("/chatplugin.authenticate", null, body("channel_id", channelId));
		this.api.post("/chatplugin.send", session.text("token"), body("message", body("text", "first")));

		Response resumeToken = this.api.post("/chatplugin.resume-token", session.text("token"));
		assertThat(resumeToken.status()).isEqualTo(200);
		Response resumed = this.api.post("/chatplugin.authenticate", null,
				body("resume_token", resumeToken.text("resume_token")));

		assertThat(resumed.status()).isEqualTo(200);
		assertThat(resumed.text("conversation_id")).isEqualTo(session.text("conversation_id"));
		assertThat(resumed.body().path("messages").get(0).path("content").path("text").asString()).isEqualTo("first");
		assertThat(this.api.post("/chatplugin.send", resumed.text("token"), body("message", body("text", "second")))
			.status()).isEqualTo(200);
		assertThat(this.api.post("/conversations.list", admin).body().path("data")).hasSize(1);
	}

	@Test
	void resumingShowsTheLatestMessagesOldestFirst() {
		String admin = this.api.admin();
		String channelId = this.api.post("/channels.chatplugin.connect", admin, body("name", "Website")).text("id");
		Response session = this.api.post("/chatplugin.authenticate", null, body("channel_id", channelId));
		String conversationId = session.text("conversation_id");
		this.api.post("/chatplugin.send", session.text("token"), body("message", body("text", "m0")));
		for (int i = 1; i < 105; i++) {
			assertThat(this.api
				.post("/messages.send", admin,
						body("conversation_id", conversationId, "message", body("text", "m" + i)))
				.status()).isEqualTo(200);
		}
		String resume = this.api.post("/chatplugin.resume-token", session.text("token")).text("resume_token");

		JsonNode messages = this.api.post("/chatplugin.authenticate", null, body("resume_token", resume))
			.body()
			.path("messages");

		assertThat(messages).hasSize(100);
		assertThat(messages.get(0).path("content").path("text").asString()).isEqualTo("m5");
		assertThat(messages.get(99).path("content").path("text").asString()).isEqualTo("m104");
	}

	@Test
	void authenticationNeedsAConnectedChatPluginChannelOrAValidResumeToken() {
		String admin = this.api.admin();
		String channelId = this.api.post("/channels.chatplugin.connect", admin, body("name", "Website")).text("id");

		assertThat(this.api.post("/chatplugin.authenticate", null, "{}").status()).isEqualTo(400);
		assertThat(this.api
			.post("/chatplugin.authenticate", null, body("channel_id", "1b4e28ba-2fa1-11d2-883f-0016d3cca427"))
			.status()).isEqualTo(404);
		assertThat(this.api.post("/chatplugin.authenticate", null, body("resume_token", "forged")).status())
			.isEqualTo(401);
		this.api.post("/channels.chatplugin.disconnect", admin, body("channel_id", channelId));
		assertThat(this.api.post("/chatplugin.authenticate", null, body("channel_id", channelId)).status())
			.isEqualTo(404);
	}

	@Test
	void aVisitorWhoSendsTooFastGets429() {
		String admin = this.api.admin();
		String channelId = this.api.post("/channels.chatplugin.connect", admin, body("name", "Website")).text("id");
		String visitor = this.api.post("/chatplugin.authenticate", null, body("channel_id", channelId)).text("token");

		List<Integer> statuses = new ArrayList<>();
		for (int i = 0; i < 21; i++) {
			statuses
				.add(this.api.post("/chatplugin.send", visitor, body("message", body("text", "spam " + i))).status());
		}

		assertThat(statuses.subList(0, 20)).containsOnly(200);
		assertThat(statuses.get(20)).isEqualTo(429);
	}

	@Test
	void aVisitorCanSendTextAndAttachmentsOnly() {
		String admin = this.api.admin();
		String channelId = this.api.post("/channels.chatplugin.connect", admin, body("name", "Website")).text("id");
		String visitor = this.api.post("/chatplugin.authenticate", null, body("channel_id", channelId)).text("token");

		assertThat(
				this.api
					.post("/chatplugin.send", visitor,
							body("message",
									body("attachment", body("type", "image", "url", "https://example.com/a.png"))))
					.status())
			.isEqualTo(200);
		assertThat(this.api.post("/chatplugin.send", visitor, body("message", body("template", body("name", "x"))))
			.status()).isEqualTo(400);
		assertThat(this.api.post("/chatplugin.send", visitor, body("message", body("text", "x".repeat(4097)))).status())
			.isEqualTo(400);
		assertThat(this.api.post("/chatplugin.send", visitor, body("message", body())).status()).isEqualTo(400);
	}

	private static List<String> texts(Response messages) {
		List<String> texts = new ArrayList<>();
		messages.body().path("data").forEach((message) -> texts.add(message.path("content").path("text").asString()));
		return texts;
	}

}

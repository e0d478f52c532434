package dev.switchboard.compat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.switchboard.Api.Response;
import dev.switchboard.IntegrationTests;
import dev.switchboard.channel.ChannelView;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.core.io.ClassPathResource;

import static dev.switchboard.Api.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What scripts on Airy's HTTP client read and call: {@code pagination_data},
 * {@code from_contact}, {@code data} of {@code tags.list},
 * {@code conversations.setState}, {@code metadata.upsert} and {@code client.config}.
 */
class AiryHttpClientTests extends IntegrationTests {

	private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

	private String admin;

	private String agent;

	private ChannelView channel;

	@BeforeEach
	void setUp() {
		this.admin = this.api.admin();
		this.agent = this.api.user(this.admin, "agent");
		this.channel = this.conversations.channel("acme");
	}

	@Test
	void paginationDataWalksEveryPageOfConversations() {
		List<String> expected = new ArrayList<>();
		for (int i = 0; i < 7; i++) {
			expected.add(0,
					this.conversations.inbound(this.channel, "c" + i, "Contact " + i, "hi", START.plusSeconds(i))
						.conversationId()
						.toString());
		}

		List<String> walked = new ArrayList<>();
		List<JsonNode> blocks = walk("/conversations.list", body("page_size", 3), walked);

		assertThat(walked).isEqualTo(expected);
		assertThat(blocks).hasSize(3);
		assertThat(blocks.get(0).path("previous_cursor").isNull()).isTrue();
		assertThat(blocks.get(2).path("next_cursor").isNull()).isTrue();
		assertThat(blocks).allSatisfy((block) -> assertThat(block.path("total").asLong()).isEqualTo(7));
	}

	@Test
	void paginationDataCountsWhatTheFiltersMatch() {
		for (int i = 0; i < 4; i++) {
			this.conversations.inbound(this.channel, "c" + i, ((i % 2 == 0) ? "Grace " : "Ada ") + i, "hi",
					START.plusSeconds(i));
		}

		Response page = this.api.post("/conversations.list", this.agent, body("filters", "display_name:grace*"));

		assertThat(page.body().path("pagination_data").path("total").asLong()).isEqualTo(2);
		assertThat(page.body().path("response_metadata").path("total").asLong()).isEqualTo(4);
	}

	@Test
	void paginationDataWalksEveryPageOfMessagesAndEachCarriesFromContact() {
		String conversationId = this.conversations.inbound(this.channel, "c", "Grace", "m0", START)
			.conversationId()
			.toString();
		for (int i = 1; i < 5; i++) {
			this.conversations.inbound(this.channel, "c", "Grace", "m" + i, START.plusSeconds(i));
		}
		assertThat(this.api
			.post("/messages.send", this.agent, body("conversation_id", conversationId, "message", body("text", "m5")))
			.status()).isEqualTo(200);

		List<String> walked = new ArrayList<>();
		List<JsonNode> pages = new ArrayList<>();
		String cursor = null;
		do {
			JsonNode page = this.api
				.post("/messages.list", this.agent,
						body("conversation_id", conversationId, "cursor", cursor, "page_size", 2))
				.body();
			pages.add(page);
			page.path("data")
				.forEach((message) -> walked.add(message.path("content").path("text").asString() + " "
						+ message.path("from_contact").asBoolean()));
			cursor = page.path("pagination_data").path("next_cursor").isNull() ? null
					: page.path("pagination_data").path("next_cursor").asString();
		}
		while (cursor != null);

		assertThat(walked).containsExactly("m0 true", "m1 true", "m2 true", "m3 true", "m4 true", "m5 false");
		assertThat(pages).hasSize(3)
			.allSatisfy((page) -> assertThat(page.path("pagination_data").path("total").asLong()).isEqualTo(6));
	}

	@Test
	void paginationDataPagesUsersAndEvents() {
		for (int i = 0; i < 3; i++) {
			this.api.user(this.admin, "agent");
		}
		List<String> users = new ArrayList<>();
		walk("/users.list", body("page_size", 2), users);
		assertThat(users).hasSize(5).doesNotHaveDuplicates();

		this.conversations.inbound(this.channel, "c", "Grace", "hello", START);
		// an event is listed once the relay has given it its position
		JsonNode events = await().atMost(Duration.ofSeconds(10))
			.until(() -> this.api.post("/events.list", this.admin, body("after_id", 0)).body(),
					(page) -> created(page) != null);
		assertThat(events.path("pagination_data").has("next_cursor")).isTrue();
		assertThat(events.path("pagination_data").path("total").asLong())
			.isEqualTo(events.path("response_metadata").path("filtered_total").asLong());
		assertThat(created(events).path("payload").path("from_contact").asBoolean()).isTrue();
	}

	@Test
	void everyMessageShapeCarriesFromContact() {
		String conversationId = this.conversations.inbound(this.channel, "c", "Grace", "hello", START)
			.conversationId()
			.toString();

		Response reply = this.api.post("/messages.send", this.agent,
				body("conversation_id", conversationId, "message", body("text", "hi Grace")));
		Response info = this.api.post("/conversations.info", this.agent, body("conversation_id", conversationId));

		assertThat(reply.body().path("from_contact").isBoolean()).isTrue();
		assertThat(reply.body().path("from_contact").asBoolean()).isFalse();
		assertThat(info.body().path("last_message").path("from_contact").asBoolean()).isFalse();
		assertThat(info.body().path("last_message").path("content").path("text").asString()).isEqualTo("hi Grace");
	}

	@Test
	void copiesOfMessagesStoredBeforeFromContactGetItByMigration() throws Exception {
		String conversationId = this.conversations.inbound(this.channel, "c", "Grace", "hello", START)
			.conversationId()
			.toString();
		this.jdbc.sql("update conversation_last_messages set message = message - 'from_contact'").update();
		this.jdbc.sql("update events set payload = payload - 'from_contact' where type like 'message.%'").update();
		this.jdbc
			.sql("update events set payload = payload #- '{last_message,from_contact}'"
					+ " where type = 'conversation.updated'")
			.update();

		this.jdbc
			.sql(new ClassPathResource("db/migration/V14_2__from_contact.sql")
				.getContentAsString(StandardCharsets.UTF_8))
			.update();

		assertThat(this.api.post("/conversations.info", this.agent, body("conversation_id", conversationId))
			.body()
			.path("last_message")
			.path("from_contact")
			.asBoolean()).isTrue();
		List<String> payloads = this.jdbc
			.sql("select type || ' ' || coalesce(payload ->> 'from_contact', payload #>> '{last_message,from_contact}')"
					+ " from events where type in ('message.created', 'conversation.updated') order by id")
			.query(String.class)
			.list();
		assertThat(payloads).containsExactly("message.created true", "conversation.updated true");
	}

	@Test
	void tagsListAlsoAnswersData() {
		this.api.post("/tags.create", this.admin, body("name", "Urgent", "color", "tag-red"));

		JsonNode tags = this.api.post("/tags.list", this.agent).body();

		assertThat(tags.path("data")).isEqualTo(tags.path("tags"));
		assertThat(tags.path("data").get(0).path("name").asString()).isEqualTo("Urgent");
	}

	@Test
	void setStateInCamelCaseIsSetState() {
		String conversationId = this.conversations.inbound(this.channel, "c", "Grace", "hello", START)
			.conversationId()
			.toString();

		Response closed = this.api.post("/conversations.setState", this.agent,
				body("conversation_id", conversationId, "state", "CLOSED"));

		assertThat(closed.status()).isEqualTo(200);
		assertThat(
				this.api.post("/conversations.info", this.agent, body("conversation_id", conversationId)).text("state"))
			.isEqualTo("CLOSED");
		assertThat(this.api
			.post("/conversations.setState", this.agent, body("conversation_id", conversationId, "state", "DONE"))
			.status()).isEqualTo(400);
	}

	@Test
	void metadataUpsertMergesIntoTheConversationsMetadata() {
		String conversationId = this.conversations.inbound(this.channel, "c", "Grace", "hello", START)
			.conversationId()
			.toString();
		this.api.post("/metadata.set", this.agent,
				body("conversation_id", conversationId, "key", "crm", "value", Map.of("owner", "ada", "tier", "gold")));

		Response upserted = this.api.post("/metadata.upsert", this.agent, body("id", conversationId, "subject",
				"conversation", "data", Map.of("crm", Map.of("owner", "grace"), "sentFrom", "iPhone", "score", 42)));

		assertThat(upserted.status()).as(upserted.text()).isEqualTo(200);
		JsonNode metadata = this.api.post("/conversations.info", this.agent, body("conversation_id", conversationId))
			.body()
			.path("metadata");
		assertThat(metadata.path("crm").path("owner").asString()).isEqualTo("grace");
		assertThat(metadata.path("crm").path("tier").asString()).as("merged, not replaced").isEqualTo("gold");
		assertThat(metadata.path("sentFrom").asString()).isEqualTo("iPhone");
		assertThat(metadata.path("score").asInt()).isEqualTo(42);
		assertThat(this.api.post("/conversations.list", this.agent, body("filters", "metadata.crm.owner:grace"))
			.body()
			.path("data")).hasSize(1);
	}

	@Test
	void metadataUpsertRefusesOtherSubjectsBadKeysAndUnknownConversations() {
		String conversationId = this.conversations.inbound(this.channel, "c", "Grace", "hello", START)
			.conversationId()
			.toString();

		Response message = this.api.post("/metadata.upsert", this.agent,
				body("id", conversationId, "subject", "message", "data", Map.of("a", 1)));
		Response badKey = this.api.post("/metadata.upsert", this.agent,
				body("id", conversationId, "subject", "conversation", "data", Map.of("a b", 1)));
		Response notObject = this.api.post("/metadata.upsert", this.agent,
				body("id", conversationId, "subject", "conversation", "data", List.of(1)));
		Response unknown = this.api.post("/metadata.upsert", this.agent,
				body("id", "1b4e28ba-2fa1-11d2-883f-0016d3cca427", "subject", "conversation", "data", Map.of("a", 1)));

		assertThat(message.status()).isEqualTo(400);
		assertThat(message.text()).contains("subject");
		assertThat(badKey.status()).isEqualTo(400);
		assertThat(badKey.text()).contains("data.a b");
		assertThat(notObject.status()).isEqualTo(400);
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(this.api.post("/conversations.info", this.agent, body("conversation_id", conversationId))
			.body()
			.path("metadata")
			.propertyNames()).isEmpty();
	}

	@Test
	void clientConfigListsTheComponentsOfConnectedSources() {
		this.api.post("/channels.chatplugin.connect", this.admin, body("name", "Website"));
		String other = this.api.post("/channels.chatplugin.connect", this.admin, body("name", "Shop")).text("id");
		this.api.post("/channels.chatplugin.disconnect", this.admin, body("channel_id", other));

		Response config = this.api.post("/client.config", this.agent, "{}");

		assertThat(config.status()).isEqualTo(200);
		assertThat(config.body().path("components").propertyNames()).containsExactly("sources-chat-plugin");
		assertThat(config.body().path("components").path("sources-chat-plugin").path("enabled").asBoolean()).isTrue();
		assertThat(config.body().path("features").isObject()).isTrue();
		assertThat(this.api.post("/client.config", null).status()).isEqualTo(401);
	}

	@Test
	void theOpenApiDocumentListsTheAliasesAsDeprecated() {
		JsonNode document = this.json
			.readTree(this.mvc.get().uri("/v3/api-docs").exchange().getResponse().getContentAsByteArray());
		JsonNode paths = document.path("paths");
		List<String> pages = new ArrayList<>();
		document.path("components").path("schemas").properties().forEach((schema) -> {
			if (schema.getValue().path("properties").has("response_metadata")) {
				pages.add(schema.getKey() + " " + schema.getValue().path("properties").has("pagination_data"));
			}
		});

		assertThat(paths.path("/conversations.setState").path("post").path("deprecated").asBoolean()).isTrue();
		assertThat(paths.path("/chatplugin.resumeToken").path("post").path("deprecated").asBoolean()).isTrue();
		assertThat(paths.path("/metadata.upsert").path("post").path("deprecated").asBoolean()).isTrue();
		assertThat(paths.path("/conversations.set-state").path("post").path("deprecated").asBoolean()).isFalse();
		assertThat(paths.path("/client.config").path("post").has("deprecated")).isFalse();
		assertThat(paths.path("/templates.list").path("post").isObject()).isTrue();
		assertThat(
				document.path("components").path("schemas").path("MessageView").path("properties").has("from_contact"))
			.isTrue();
		assertThat(pages).hasSizeGreaterThanOrEqualTo(3).allSatisfy((page) -> assertThat(page).endsWith(" true"));
	}

	private static JsonNode created(JsonNode events) {
		for (JsonNode event : events.path("data")) {
			if ("message.created".equals(event.path("type").asString())) {
				return event;
			}
		}
		return null;
	}

	/**
	 * Walks a list by {@code pagination_data.next_cursor} as Airy's client does,
	 * collecting the item ids; returns each page's {@code pagination_data}.
	 */
	private List<JsonNode> walk(String path, Map<String, Object> request, List<String> ids) {
		List<JsonNode> blocks = new ArrayList<>();
		Object cursor = null;
		do {
			request.put("cursor", cursor);
			Response page = this.api.post(path, this.admin, request);
			assertThat(page.status()).as(page.text()).isEqualTo(200);
			page.body().path("data").forEach((item) -> ids.add(item.path("id").asString()));
			JsonNode block = page.body().path("pagination_data");
			blocks.add(block);
			cursor = block.path("next_cursor").isNull() ? null : block.path("next_cursor").asString();
		}
		while (cursor != null && blocks.size() < 100);
		return blocks;
	}

}

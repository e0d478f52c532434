package dev.switchboard.source.meta;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import tools.jackson.databind.JsonNode;

import dev.switchboard.Api;
import dev.switchboard.IntegrationTests;

import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Base of the Messenger, Instagram and WhatsApp tests: the service talks to a
 * {@link FakeGraph} and knows a Meta app whose secret signs the test webhooks.
 */
public abstract class MetaIntegrationTests extends IntegrationTests {

	protected static final FakeGraph graph = FakeGraph.start();

	protected static final String APP_ID = "1517776481860111";

	protected static final String APP_SECRET = "app-secret-3f9c2d";

	protected static final String VERIFY_TOKEN = "verify-token-8a1b";

	protected String admin;

	@DynamicPropertySource
	static void meta(DynamicPropertyRegistry registry) {
		registry.add("switchboard.sources.facebook.graph-api-url", graph::url);
		registry.add("switchboard.sources.facebook.app-id", () -> APP_ID);
		registry.add("switchboard.sources.facebook.app-secret", () -> APP_SECRET);
		registry.add("switchboard.sources.facebook.verify-token", () -> VERIFY_TOKEN);
		registry.add("switchboard.sources.instagram.api-url", graph::url);
		registry.add("switchboard.sources.instagram.graph-api-url", graph::url);
		registry.add("switchboard.integrations.health-timeout", () -> "1s");
	}

	@BeforeEach
	void resetGraph() {
		graph.reset();
		this.admin = this.api.admin();
	}

	/**
	 * A fixture of {@code fixtures/meta/}, with {@code {{NAME}}} placeholders replaced.
	 */
	protected static String fixture(String name, String... replacements) {
		return MetaFixtures.read(name, replacements);
	}

	/**
	 * Posts a webhook body signed with the app secret as Meta does.
	 */
	protected int postSigned(String path, String body) {
		return postWebhook(path, body, HubSignature.sign(APP_SECRET, body.getBytes(StandardCharsets.UTF_8)));
	}

	protected int postWebhook(String path, String body, String signature) {
		var request = this.mvc.post()
			.uri(path)
			.contentType(MediaType.APPLICATION_JSON)
			.content(body.getBytes(StandardCharsets.UTF_8));
		if (signature != null) {
			request.header("X-Hub-Signature-256", signature);
		}
		MockHttpServletResponse response = request.exchange().getResponse();
		return response.getStatus();
	}

	/**
	 * Posts a signed webhook and waits until the service has processed it.
	 */
	protected void deliver(String path, String body) {
		long before = processedEvents();
		assertThat(postSigned(path, body)).isEqualTo(200);
		await().atMost(Duration.ofSeconds(15)).until(() -> processedEvents() > before);
	}

	protected long processedEvents() {
		return this.jdbc.sql("select count(*) from webhook_events where status in ('DONE', 'IGNORED', 'FAILED')")
			.query(Long.class)
			.single();
	}

	protected long storedEvents() {
		return this.jdbc.sql("select count(*) from webhook_events").query(Long.class).single();
	}

	protected String channelId(Api.Response connected) {
		assertThat(connected.status()).as(connected.text()).isEqualTo(200);
		return connected.text("id");
	}

	protected JsonNode conversations() {
		return this.api.post("/conversations.list", this.admin, Map.of()).body().path("data");
	}

	protected JsonNode onlyConversation() {
		JsonNode data = conversations();
		assertThat(data).hasSize(1);
		return data.get(0);
	}

	/**
	 * The messages of a conversation, oldest first.
	 */
	protected List<JsonNode> messages(String conversationId) {
		JsonNode data = this.api
			.post("/messages.list", this.admin, Map.of("conversation_id", conversationId, "page_size", 100))
			.body()
			.path("data");
		return data.valueStream().toList();
	}

	protected JsonNode message(String messageId) {
		return this.jdbc.sql("select conversation_id::text from messages where id = cast(:id as uuid)")
			.param("id", messageId)
			.query(String.class)
			.optional()
			.map((conversation) -> messages(conversation).stream()
				.filter((message) -> message.path("id").asString().equals(messageId))
				.findFirst()
				.orElseThrow())
			.orElseThrow();
	}

	protected long count(String sql) {
		return this.jdbc.sql(sql).query(Long.class).single();
	}

}

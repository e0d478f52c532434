package dev.switchboard.source.facebook;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import dev.switchboard.source.meta.FakeGraph;
import dev.switchboard.source.meta.HubSignature;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(OutputCaptureExtension.class)
class MessengerSendTests extends MessengerTests {

	@LocalServerPort
	private int port;

	private String conversation;

	private String startConversation() {
		connectPage();
		deliver("/facebook", text("m_question"));
		this.conversation = onlyConversation().path("id").asString();
		return this.conversation;
	}

	private String send(Map<String, Object> message) {
		var sent = this.api.post("/messages.send", this.admin,
				Map.of("conversation_id", this.conversation, "message", message));
		assertThat(sent.status()).as(sent.text()).isEqualTo(200);
		return sent.text("id");
	}

	private JsonNode settled(String messageId) {
		await().atMost(Duration.ofSeconds(15))
			.until(() -> !"PENDING".equals(message(messageId).path("delivery_state").asString()));
		return message(messageId);
	}

	@Test
	void anAgentReplyReachesTheSendApiWithThePageToken(CapturedOutput output) {
		startConversation();
		graph.on("POST", "/me/messages", 200, "{\"recipient_id\":\"" + PSID + "\",\"message_id\":\"m_sent_1\"}");

		JsonNode sent = settled(send(Map.of("text", "Your order ships today")));

		assertThat(sent.path("delivery_state").asString()).isEqualTo("DELIVERED");
		assertThat(sent.path("metadata").path("source").path("id").asString()).isEqualTo("m_sent_1");
		FakeGraph.Request request = graph.requests("POST", "/me/messages").get(0);
		assertThat(request.authorization()).isEqualTo("Bearer " + PAGE_TOKEN);
		assertThat(request.query()).doesNotContainKey("access_token");
		assertThat(this.json.readTree(request.body())).isEqualTo(this.json.readTree("{\"recipient\":{\"id\":\"" + PSID
				+ "\"},\"messaging_type\":\"RESPONSE\",\"message\":{\"text\":\"Your order ships today\"}}"));
		FacebookChannelTests.assertNoToken(sent.toString(), output);
	}

	@Test
	void attachmentsAndSourcePayloadsAreSentAsMessengerMessageObjects() {
		startConversation();
		graph.on("POST", "/me/messages", (request) -> new FakeGraph.Reply(200,
				"{\"message_id\":\"m_" + graph.requests("POST", "/me/messages").size() + "\"}"));

		settled(send(Map.of("attachment", Map.of("type", "image", "url", "https://cdn.example.com/shoe.jpg"))));
		settled(send(Map.of("source_payload", Map.of("text", "Pick a color", "quick_replies",
				List.of(Map.of("content_type", "text", "title", "Red", "payload", "RED"))))));

		List<FakeGraph.Request> requests = graph.requests("POST", "/me/messages");
		assertThat(this.json.readTree(requests.get(0).body()).path("message")).isEqualTo(this.json
			.readTree("{\"attachment\":{\"type\":\"image\",\"payload\":{\"url\":\"https://cdn.example.com/shoe.jpg\","
					+ "\"is_reusable\":true}}}"));
		assertThat(this.json.readTree(requests.get(1).body())
			.path("message")
			.path("quick_replies")
			.get(0)
			.path("payload")
			.asString()).isEqualTo("RED");
	}

	@Test
	void templatesAreRefusedOnMessenger() {
		startConversation();

		var refused = this.api.post("/messages.send", this.admin,
				Map.of("conversation_id", this.conversation, "message", Map.of("template", Map.of("name", "hello"))));

		assertThat(refused.status()).isEqualTo(400);
	}

	@Test
	void anEchoOfOurSendAfterTheSendReturnedIsMatchedNotStoredTwice() {
		startConversation();
		graph.on("POST", "/me/messages", 200, "{\"message_id\":\"m_echoed_after\"}");
		String sent = send(Map.of("text", "thanks!"));
		settled(sent);

		deliver("/facebook", fixture("messenger-echo.json", "PAGE_ID", PAGE_ID, "PSID", PSID, "APP_ID", APP_ID, "MID",
				"m_echoed_after", "TEXT", "thanks!"));

		assertThat(messages(this.conversation)).hasSize(2);
		assertThat(message(sent).path("sender_type").asString()).isEqualTo("app_user");
	}

	@Test
	void anEchoOfOurSendArrivingBeforeTheSendReturnedIsNotStoredTwice() {
		startConversation();
		String echo = fixture("messenger-echo.json", "PAGE_ID", PAGE_ID, "PSID", PSID, "APP_ID", APP_ID, "MID",
				"m_echoed_before", "TEXT", "thanks!");
		graph.on("POST", "/me/messages", (request) -> {
			// Meta's echo overtakes the Send API's answer
			long processed = processedEvents();
			postOverHttp("/facebook", echo);
			await().atMost(Duration.ofSeconds(10)).until(() -> processedEvents() > processed);
			return new FakeGraph.Reply(200, "{\"message_id\":\"m_echoed_before\"}");
		});

		JsonNode sent = settled(send(Map.of("text", "thanks!")));

		assertThat(sent.path("delivery_state").asString()).isEqualTo("DELIVERED");
		assertThat(sent.path("metadata").path("source").path("id").asString()).isEqualTo("m_echoed_before");
		assertThat(messages(this.conversation)).hasSize(2);
	}

	@Test
	void anInstagramEchoWithoutAppIdArrivingBeforeTheSendReturnedIsNotStoredTwice() {
		connectInstagram();
		deliver("/instagram", fixture("instagram-text.json", "ACCOUNT_ID", ACCOUNT_ID, "IGSID", IGSID, "MID", "ig_q"));
		this.conversation = onlyConversation().path("id").asString();
		String echo = fixture("instagram-echo.json", "ACCOUNT_ID", ACCOUNT_ID, "IGSID", IGSID, "MID", "ig_echoed",
				"TEXT", "on it");
		graph.on("POST", "/me/messages", (request) -> {
			postOverHttp("/instagram", echo);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> count("select count(*) from webhook_events where attempts > 0 and status = 'PENDING'"
						+ " and last_error is not null") > 0);
			return new FakeGraph.Reply(200, "{\"message_id\":\"ig_echoed\"}");
		});

		String sent = send(Map.of("text", "on it"));
		settled(sent);
		await().atMost(Duration.ofSeconds(15))
			.until(() -> count("select count(*) from webhook_events where status = 'PENDING'") == 0);

		assertThat(messages(this.conversation)).hasSize(2);
		assertThat(message(sent).path("metadata").path("source").path("id").asString()).isEqualTo("ig_echoed");
	}

	@Test
	void aSendOutsideThe24HourWindowFailsAtOnceSayingATemplateIsNeeded() {
		startConversation();
		graph.on("POST", "/me/messages", 400, "{\"error\":{\"message\":\"(#10) This message is sent outside of allowed "
				+ "window.\",\"type\":\"OAuthException\",\"code\":10,\"error_subcode\":2018278,\"fbtrace_id\":\"A\"}}");

		JsonNode failed = settled(send(Map.of("text", "hello again")));

		assertThat(failed.path("delivery_state").asString()).isEqualTo("FAILED");
		assertThat(failed.path("metadata").path("error").asString()).contains("24-hour").contains("template");
		assertThat(failed.path("metadata").path("source").path("error").path("error_subcode").asInt())
			.isEqualTo(2018278);
		assertThat(graph.requests("POST", "/me/messages")).hasSize(1);
		assertThat(this.api.post("/channels.list", this.admin).body().path("data").get(0).has("needs_reconnection"))
			.isFalse();
	}

	@Test
	void rateLimitsAndServerErrorsAreRetriedUntilTheSendGoesThrough() {
		startConversation();
		AtomicInteger calls = new AtomicInteger();
		graph.on("POST", "/me/messages", (request) -> switch (calls.incrementAndGet()) {
			case 1 -> new FakeGraph.Reply(400, "{\"error\":{\"message\":\"(#613) Calls to this api have exceeded the"
					+ " rate limit.\",\"type\":\"OAuthException\",\"code\":613}}");
			case 2 -> new FakeGraph.Reply(500, "{\"error\":{\"message\":\"An unknown error occurred\","
					+ "\"type\":\"OAuthException\",\"code\":1,\"is_transient\":false}}");
			case 3 -> new FakeGraph.Reply(0, "");
			default -> new FakeGraph.Reply(200, "{\"message_id\":\"m_finally\"}");
		});

		JsonNode sent = settled(send(Map.of("text", "eventually")));

		assertThat(sent.path("delivery_state").asString()).isEqualTo("DELIVERED");
		assertThat(sent.path("metadata").path("source").path("id").asString()).isEqualTo("m_finally");
		assertThat(calls.get()).isEqualTo(4);
	}

	@Test
	void anInvalidTokenFailsTheMessageAndFlagsTheChannelForReconnection(CapturedOutput output) {
		String channel = connectPage();
		deliver("/facebook", text("m_question"));
		this.conversation = onlyConversation().path("id").asString();
		graph.on("POST", "/me/messages", 400, "{\"error\":{\"message\":\"Error validating access token: Session has "
				+ "expired\",\"type\":\"OAuthException\",\"code\":190,\"error_subcode\":463}}");

		JsonNode failed = settled(send(Map.of("text", "hello")));

		assertThat(failed.path("delivery_state").asString()).isEqualTo("FAILED");
		assertThat(failed.path("metadata").path("error").asString()).contains("reconnect");
		var info = this.api.post("/channels.info", this.admin, Map.of("channel_id", channel));
		assertThat(info.body().path("needs_reconnection").asBoolean()).isTrue();
		FacebookChannelTests.assertNoToken(failed.toString() + info.text(), output);
	}

	private void postOverHttp(String path, String body) {
		try (HttpClient http = HttpClient.newHttpClient()) {
			HttpResponse<String> response = http
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
					.header("Content-Type", "application/json")
					.header("X-Hub-Signature-256", HubSignature.sign(APP_SECRET, body.getBytes(StandardCharsets.UTF_8)))
					.POST(HttpRequest.BodyPublishers.ofString(body))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(200);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}

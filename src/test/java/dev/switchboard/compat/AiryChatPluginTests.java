package dev.switchboard.compat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.switchboard.IntegrationTests;
import dev.switchboard.StompTestClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.switchboard.Api.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The chat plugin as Airy's widget calls it: over HTTP from the website's origin with the
 * paths, bodies and headers the widget sends, and STOMP with its heart-beat.
 */
class AiryChatPluginTests extends IntegrationTests {

	private static final String ORIGIN = "https://shop.example.com";

	@LocalServerPort
	private int port;

	@Test
	void airysWidgetDrawsTheVisitorsOwnMessagesOnTheirSideAndResumesAfterAReload() throws Exception {
		String admin = this.api.admin();
		String channelId = this.api.post("/channels.chatplugin.connect", admin, body("name", "Website")).text("id");

		JsonNode session = widget("/chatplugin.authenticate", null, "{\"channel_id\":\"" + channelId + "\"}");
		String token = session.path("token").asString();
		String conversationId = session.path("conversation_id").asString();
		assertThat(session.path("messages")).isEmpty();

		try (StompTestClient socket = StompTestClient
			.connect(this.port, "/ws.chatplugin", token, new long[] { 4000, 4000 })
			.subscribe("/user/queue/message")) {
			assertThat(socket.connectedHeaders().getHeartbeat()).hasSize(2).doesNotContain(0L);

			JsonNode sent = widget("/chatplugin.send", token, "{\"message\":{\"text\":\"Is my order shipped?\"}}");
			assertThat(sent.path("from_contact").asBoolean()).isTrue();
			// frames sent at the same moment may arrive either way round: one at a time
			await().atMost(Duration.ofSeconds(10)).until(() -> socket.received().size() >= 1);
			assertThat(this.api
				.post("/messages.send", admin,
						body("conversation_id", conversationId, "message", body("text", "Yes, this morning.")))
				.status()).isEqualTo(200);

			await().atMost(Duration.ofSeconds(10)).until(() -> socket.received().size() >= 2);
			List<String> sides = new ArrayList<>();
			socket.received()
				.forEach((event) -> sides.add(event.path("message").path("content").path("text").asString() + " "
						+ event.path("message").path("from_contact").asBoolean()));
			assertThat(sides).containsExactly("Is my order shipped? true", "Yes, this morning. false");
			assertThat(socket.received().get(0).path("conversation_id").asString()).isEqualTo(conversationId);
			assertThat(socket.isConnected()).isTrue();
		}

		// the page reloads: the widget kept a resume token, and authenticates with it
		String resumeToken = widget("/chatplugin.resumeToken", token, "{}").path("resume_token").asString();
		JsonNode resumed = widget("/chatplugin.authenticate", null,
				"{\"channel_id\":\"" + channelId + "\",\"resume_token\":\"" + resumeToken + "\"}");

		assertThat(resumed.path("conversation_id").asString()).isEqualTo(conversationId);
		List<String> history = new ArrayList<>();
		resumed.path("messages")
			.forEach((message) -> history
				.add(message.path("content").path("text").asString() + " " + message.path("from_contact").asBoolean()));
		assertThat(history).containsExactly("Is my order shipped? true", "Yes, this morning. false");
		JsonNode again = widget("/chatplugin.send", resumed.path("token").asString(),
				"{\"message\":{\"text\":\"Thanks!\"}}");
		assertThat(again.path("from_contact").asBoolean()).isTrue();
		JsonNode inbox = this.api.post("/conversations.list", admin).body();
		assertThat(inbox.path("data")).hasSize(1);
		assertThat(inbox.path("data").get(0).path("last_message").path("from_contact").asBoolean()).isTrue();
	}

	/**
	 * A call as the widget makes it: a JSON POST from the website's origin, the visitor
	 * token as a bearer token when it has one. Expects a 200.
	 */
	private JsonNode widget(String path, String token, String json) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Content-Type", "application/json")
			.header("Origin", ORIGIN)
			.POST(HttpRequest.BodyPublishers.ofString(json));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		try (HttpClient http = HttpClient.newHttpClient()) {
			HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).contains(ORIGIN);
			return this.json.readTree(response.body());
		}
	}

}

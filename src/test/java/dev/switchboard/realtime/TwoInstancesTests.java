package dev.switchboard.realtime;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

import dev.switchboard.Conversations;
import dev.switchboard.StompTestClient;
import dev.switchboard.SwitchboardApplication;
import dev.switchboard.channel.ChannelService;
import dev.switchboard.channel.ChannelView;
import dev.switchboard.message.MessageService;
import dev.switchboard.user.UserService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances of the service on one PostgreSQL: each delivers every event to its own
 * clients, whichever instance wrote it.
 */
class TwoInstancesTests {

	@TempDir
	Path directory;

	@Test
	void eventsWrittenOnOneInstanceReachClientsOfTheOther() throws Exception {
		try (ConfigurableApplicationContext a = start(); ConfigurableApplicationContext b = start()) {
			UserService.Authenticated admin = a.getBean(UserService.class)
				.signup("a@example.com", "A", "Admin", "secret1");
			ChannelView channel = Conversations.asAdminOf(admin.workspaceId(),
					() -> a.getBean(ChannelService.class)
						.connect("chatplugin",
								JsonNodeFactory.instance.objectNode().put("source", "chatplugin").put("name", "Web")));
			var http = new Http(port(b));
			JsonNode session = http.post("/chatplugin.authenticate", null, "{\"channel_id\":\"" + channel.id() + "\"}");
			String visitorToken = session.path("token").asString();
			String conversationId = session.path("conversation_id").asString();

			try (StompTestClient agentOnA = StompTestClient.connect(port(a), "/ws.communication", admin.token())
				.subscribe("/events");
					StompTestClient visitorOnB = StompTestClient.connect(port(b), "/ws.chatplugin", visitorToken)
						.subscribe("/user/queue/message")) {
				http.post("/chatplugin.send", visitorToken, "{\"message\":{\"text\":\"sent through B\"}}");

				JsonNode created = agentOnA.awaitEvent("message.created");
				assertThat(created.path("payload").path("content").path("text").asString()).isEqualTo("sent through B");

				Conversations
					.asAdminOf(admin.workspaceId(),
							() -> a.getBean(MessageService.class)
								.send(admin.user().id(), new MessageService.SendCommand(
										java.util.UUID.fromString(conversationId), null, null,
										JsonNodeFactory.instance.objectNode().put("text", "answered on A"), null)));
				await().atMost(Duration.ofSeconds(10))
					.until(() -> visitorOnB.received()
						.stream()
						.anyMatch((event) -> event.path("message")
							.path("content")
							.path("text")
							.asString()
							.equals("answered on A")));
			}
		}
	}

	private ConfigurableApplicationContext start() {
		return new SpringApplicationBuilder(SwitchboardApplication.class).run("--server.port=0",
				"--switchboard.embedded-db.data-dir=" + this.directory);
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	/**
	 * A minimal JSON-over-HTTP client.
	 */
	private record Http(int port) {

		JsonNode post(String path, String token, String body) throws Exception {
			var request = java.net.http.HttpRequest
				.newBuilder(java.net.URI.create("http://localhost:" + this.port + path))
				.header("Content-Type", "application/json")
				.POST(java.net.http.HttpRequest.BodyPublishers.ofString(body));
			if (token != null) {
				request.header("Authorization", "Bearer " + token);
			}
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(request.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			return JsonMapper.shared().readTree(response.body());
		}

	}

}

package dev.switchboard.source.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.switchboard.Api.Response;
import dev.switchboard.IntegrationTests;
import dev.switchboard.message.MessageContent;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;

import static dev.switchboard.Api.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A source added in one package of the test tree works end to end: connected and
 * disconnected through the generic endpoints, its webhook's messages in the inbox,
 * replies through its sender. The main tree does not mention it.
 */
@Import(SampleSource.class)
class SampleSourceTests extends IntegrationTests {

	@Autowired
	private SampleSource.Sender sender;

	@Test
	void aSourceInOnePackageConnectsReceivesAndSends() throws Exception {
		String admin = this.api.admin();
		Response connected = this.api.post("/channels.sample.connect", admin, body("number", "42", "key", "k"));
		assertThat(connected.status()).isEqualTo(200);
		assertThat(connected.text("webhook_url")).endsWith("/sample");
		String channelId = connected.text("id");

		int status = this.mvc.post()
			.uri("/sample")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"to\": \"42\", \"messages\": [{\"id\": \"s1\", \"from\": \"+100\", \"from_name\": \"Ada\","
					+ " \"body\": \"hello\"}]}")
			.exchange()
			.getResponse()
			.getStatus();
		assertThat(status).isEqualTo(200);

		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.api.post("/conversations.list", admin).body().path("data").size() == 1);
		JsonNode conversation = this.api.post("/conversations.list", admin).body().path("data").get(0);
		assertThat(conversation.path("contact").path("display_name").asString()).isEqualTo("Ada");
		assertThat(conversation.path("channel").path("id").asString()).isEqualTo(channelId);
		assertThat(conversation.path("last_message").path("content").path("text").asString()).isEqualTo("hello");

		Response reply = this.api.post("/messages.send", admin,
				body("conversation_id", conversation.path("id").asString(), "message", body("text", "hi Ada")));
		assertThat(reply.status()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.sender.sent.size() == 1);
		assertThat(this.sender.sent.get(0).recipientId()).isEqualTo("+100");
		assertThat(this.sender.sent.get(0).content()).isEqualTo(new MessageContent.Text("hi Ada"));

		assertThat(this.api.post("/channels.sample.disconnect", admin, body("channel_id", channelId)).status())
			.isEqualTo(200);
	}

	@Test
	void theMainTreeDoesNotKnowTheSampleSource() throws IOException {
		try (Stream<Path> files = Files.walk(Paths.get("src/main"))) {
			List<Path> mentions = files.filter(Files::isRegularFile).filter((file) -> {
				try {
					String text = Files.readString(file);
					return text.contains("source.sample") || text.contains("\"sample\"");
				}
				catch (IOException ex) {
					return false;
				}
			}).toList();
			assertThat(mentions).isEmpty();
		}
	}

}

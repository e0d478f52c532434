package dev.switchboard.webhook;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.switchboard.Conversations;
import dev.switchboard.FakeSource;
import dev.switchboard.SwitchboardApplication;
import dev.switchboard.channel.ChannelService;
import dev.switchboard.channel.ChannelView;
import dev.switchboard.message.InboundMessages;
import dev.switchboard.user.UserService;
import dev.switchboard.workspace.WorkspaceService;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances on one PostgreSQL share the deliveries: every event reaches the receiver
 * once, and a conversation's events in order, whichever instance wrote or sent them.
 */
class WebhookInstancesTests {

	@TempDir
	Path directory;

	@Test
	void twoInstancesSendEveryDeliveryOnceAndInOrderPerConversation() throws Exception {
		try (Receiver receiver = new Receiver();
				ConfigurableApplicationContext a = start();
				ConfigurableApplicationContext b = start()) {
			receiver.answer("/shared", (request) -> {
				try {
					Thread.sleep(3);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				return 200;
			});
			UUID workspaceId = a.getBean(UserService.class).signup("a@example.com", "A", "B", "secret1").workspaceId();
			Conversations.asAdminOf(workspaceId, () -> a.getBean(WebhookService.class)
				.subscribe(receiver.url("/shared"), List.of("message.created"), null));
			ChannelView channel = conversations(a).channel("acme");
			int perConversation = 10;
			List<String> contacts = List.of("c1", "c2", "c3", "c4");
			try (ExecutorService writers = Executors.newFixedThreadPool(contacts.size())) {
				List<Future<?>> done = new ArrayList<>();
				for (int i = 0; i < contacts.size(); i++) {
					String contact = contacts.get(i);
					// two conversations written through each instance
					Conversations writer = conversations((i % 2 == 0) ? a : b);
					done.add(writers.submit(() -> {
						for (int n = 0; n < perConversation; n++) {
							writer.inbound(channel, contact, contact, contact + "-" + n, null);
						}
					}));
				}
				for (Future<?> future : done) {
					future.get();
				}
			}
			int total = perConversation * contacts.size();
			await().atMost(Duration.ofSeconds(30)).until(() -> receiver.requests("/shared").size() >= total);
			await().pollDelay(Duration.ofMillis(500)).until(() -> true);

			List<Receiver.Request> requests = receiver.requests("/shared");
			assertThat(requests).hasSize(total);
			assertThat(requests.stream().map((request) -> request.header("webhook-id")).distinct()).hasSize(total);
			Map<String, List<Integer>> received = new HashMap<>();
			for (Receiver.Request request : requests) {
				JsonNode body = JsonMapper.shared().readTree(request.text());
				String[] text = body.path("payload").path("content").path("text").asString().split("-");
				received.computeIfAbsent(text[0], (key) -> new ArrayList<>()).add(Integer.parseInt(text[1]));
			}
			List<Integer> inOrder = IntStream.range(0, perConversation).boxed().toList();
			assertThat(received).hasSize(contacts.size());
			received.values().forEach((texts) -> assertThat(texts).isEqualTo(inOrder));
		}
	}

	private static Conversations conversations(ConfigurableApplicationContext context) {
		return new Conversations(context.getBean(ChannelService.class), context.getBean(InboundMessages.class),
				context.getBean(WorkspaceService.class));
	}

	private ConfigurableApplicationContext start() {
		return new SpringApplicationBuilder(SwitchboardApplication.class, FakeSource.class).run("--server.port=0",
				"--switchboard.embedded-db.data-dir=" + this.directory, "--switchboard.webhooks.allow-http=true",
				"--switchboard.webhooks.allow-private-targets=true", "--switchboard.webhooks.poll-interval=100ms");
	}

}

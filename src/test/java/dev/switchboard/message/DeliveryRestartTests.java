package dev.switchboard.message;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import tools.jackson.databind.node.JsonNodeFactory;

import dev.switchboard.workspace.WorkspaceService;
import dev.switchboard.Conversations;
import dev.switchboard.FakeSource;
import dev.switchboard.SwitchboardApplication;
import dev.switchboard.channel.ChannelService;
import dev.switchboard.channel.ChannelView;
import dev.switchboard.user.UserService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class DeliveryRestartTests {

	@TempDir
	Path directory;

	@Test
	void aMessagePendingWhenTheApplicationStopsIsDeliveredAfterItStartsAgain() {
		UUID messageId;
		try (ConfigurableApplicationContext first = start()) {
			first.getBean(DeliveryWorker.class).stop();
			UUID userId = first.getBean(UserService.class).signup("a@example.com", "A", "B", "secret1").user().id();
			Conversations conversations = new Conversations(first.getBean(ChannelService.class),
					first.getBean(InboundMessages.class), first.getBean(WorkspaceService.class));
			ChannelView channel = conversations.channel("acme");
			UUID conversationId = conversations.inbound(channel, "c1", "Ada", "hi", null).conversationId();
			messageId = Conversations.asAdminOf(channel.workspaceId(),
					() -> first.getBean(MessageService.class)
						.send(userId, new MessageService.SendCommand(conversationId, null, null,
								JsonNodeFactory.instance.objectNode().put("text", "sent before the stop"), null))
						.id());
			assertThat(first.getBean(FakeSource.Sender.class).attempts()).isEmpty();
		}

		try (ConfigurableApplicationContext second = start()) {
			FakeSource.Sender sender = second.getBean(FakeSource.Sender.class);
			await().atMost(Duration.ofSeconds(15)).until(() -> sender.attempts().size() == 1);
			assertThat(sender.attempts().get(0).messageId()).isEqualTo(messageId);
			await().atMost(Duration.ofSeconds(5))
				.until(() -> "DELIVERED".equals(second.getBean(MessageRepository.class)
					.find(messageId)
					.map(MessageRow::deliveryState)
					.orElse(null)));
		}
	}

	private ConfigurableApplicationContext start() {
		return new SpringApplicationBuilder(SwitchboardApplication.class, FakeSource.class).run("--server.port=0",
				"--switchboard.embedded-db.data-dir=" + this.directory);
	}

}

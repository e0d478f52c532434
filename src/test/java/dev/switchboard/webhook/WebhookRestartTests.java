package dev.switchboard.webhook;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A stop in the middle of a delivery: the attempt in flight is abandoned without an
 * outcome, which leaves the database as a {@code kill -9} would (the delivery leased, its
 * attempt counted, nothing recorded); the next instance sends it again after the lease.
 */
class WebhookRestartTests {

	@TempDir
	Path directory;

	@Test
	void aDeliveryInFlightWhenTheApplicationStopsIsSentAgainByTheNextOne() throws Exception {
		try (Receiver receiver = new Receiver()) {
			AtomicInteger calls = new AtomicInteger();
			receiver.answer("/crash", (request) -> (calls.incrementAndGet() == 1) ? Receiver.HANG : 200);
			UUID subscriptionId;
			try (ConfigurableApplicationContext first = start()) {
				UUID workspaceId = first.getBean(UserService.class)
					.signup("a@example.com", "A", "B", "secret1")
					.workspaceId();
				subscriptionId = Conversations
					.asAdminOf(workspaceId,
							() -> first.getBean(WebhookService.class)
								.subscribe(receiver.url("/crash"), List.of("message.created"), null))
					.subscription()
					.id();
				Conversations conversations = new Conversations(first.getBean(ChannelService.class),
						first.getBean(InboundMessages.class), first.getBean(WorkspaceService.class));
				ChannelView channel = conversations.channel("acme");
				conversations.inbound(channel, "c1", "Ada", "in flight at the stop", null);
				await().atMost(Duration.ofSeconds(20)).until(() -> receiver.hanging() == 1);
				conversations.inbound(channel, "c1", "Ada", "after it", null);
			}
			receiver.release();
			String stopped = receiver.requests("/crash").get(0).header("webhook-id");

			try (ConfigurableApplicationContext second = start()) {
				JdbcClient jdbc = second.getBean(JdbcClient.class);
				await().atMost(Duration.ofSeconds(40))
					.until(() -> jdbc
						.sql("select count(*) from webhook_deliveries where subscription_id = :id"
								+ " and status = 'DELIVERED'")
						.param("id", subscriptionId)
						.query(Long.class)
						.single() == 2);
				List<Receiver.Request> requests = receiver.requests("/crash");
				assertThat(requests).hasSize(3);
				assertThat(requests.get(1).header("webhook-id")).isEqualTo(stopped);
				assertThat(requests.get(1).text()).isEqualTo(requests.get(0).text()).contains("in flight at the stop");
				assertThat(requests.get(2).text()).contains("after it");
				assertThat(jdbc.sql("select attempts from webhook_deliveries where event_id = :id")
					.param("id", Long.parseLong(stopped))
					.query(Integer.class)
					.single()).isEqualTo(2);
			}
		}
	}

	private ConfigurableApplicationContext start() {
		return new SpringApplicationBuilder(SwitchboardApplication.class, FakeSource.class).run("--server.port=0",
				"--switchboard.embedded-db.data-dir=" + this.directory, "--switchboard.webhooks.allow-http=true",
				"--switchboard.webhooks.allow-private-targets=true", "--switchboard.webhooks.timeout=5s",
				"--switchboard.webhooks.lease=10s", "--switchboard.webhooks.poll-interval=200ms");
	}

}

package dev.switchboard.webhook;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

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
 * A crash in the middle of deliveries: the first instance runs in a JVM of its own and is
 * killed with {@code SIGKILL} (no shutdown, no stop of the senders, no outcome recorded)
 * while attempts are in flight, with others answered, due or not yet fanned out; the next
 * instance on the same database sends every event at least once, the interrupted attempts
 * after their leases run out.
 */
class WebhookRestartTests {

	private static final int CONVERSATIONS = 12;

	private static final int MESSAGES = 3;

	/** Answered before the receiver starts to hang. */
	private static final int ANSWERED = 5;

	@TempDir
	Path directory;

	@Test
	void anInstanceKilledMidDeliveryLosesNoEvent() throws Exception {
		Path data = this.directory.resolve("postgres");
		Path written = this.directory.resolve("written");
		try (Receiver receiver = new Receiver()) {
			AtomicBoolean killed = new AtomicBoolean();
			AtomicInteger calls = new AtomicInteger();
			Set<String> interrupted = ConcurrentHashMap.newKeySet();
			receiver.answer("/crash", (request) -> {
				if (killed.get() || calls.incrementAndGet() <= ANSWERED) {
					return 200;
				}
				interrupted.add(request.header("webhook-id"));
				return Receiver.HANG;
			});
			Process first = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-cp",
					System.getProperty("java.class.path"), KilledInstance.class.getName(), data.toString(),
					receiver.url("/crash"), written.toString())
				.redirectErrorStream(true)
				.redirectOutput(this.directory.resolve("first.log").toFile())
				.start();
			try {
				// every event written, and the subscription's every slot taken by an
				// attempt that will never be answered
				await().atMost(Duration.ofSeconds(180))
					.until(() -> !first.isAlive() || (Files.exists(written) && receiver.hanging() >= 8));
				assertThat(first.isAlive()).as("the first instance runs (its log: %s)", this.directory).isTrue();
			}
			finally {
				first.destroyForcibly();
				assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
			}
			killed.set(true);
			receiver.release();
			int beforeTheCrash = receiver.requests("/crash").size();
			assertThat(interrupted).hasSizeGreaterThanOrEqualTo(8);

			try (ConfigurableApplicationContext second = start(data)) {
				JdbcClient jdbc = second.getBean(JdbcClient.class);
				// the marker proves every message was committed before the kill
				int committed = CONVERSATIONS * MESSAGES;
				await().atMost(Duration.ofSeconds(60))
					.until(() -> jdbc.sql("select count(*) from webhook_deliveries where status = 'DELIVERED'")
						.query(Long.class)
						.single() == committed);
				List<String> events = jdbc
					.sql("select position::text from events where type = 'message.created' order by position")
					.query(String.class)
					.list();
				assertThat(events).hasSize(committed).doesNotContainNull();

				List<Receiver.Request> requests = receiver.requests("/crash");
				assertThat(requests.stream().map((request) -> request.header("webhook-id")).collect(Collectors.toSet()))
					.as("every event reached the receiver")
					.containsExactlyInAnyOrderElementsOf(events);
				List<String> afterTheCrash = requests.subList(beforeTheCrash, requests.size())
					.stream()
					.map((request) -> request.header("webhook-id"))
					.toList();
				assertThat(afterTheCrash).as("the interrupted attempts were sent again").containsAll(interrupted);
				assertThat(jdbc.sql("select count(*) from webhook_deliveries where attempts >= 2")
					.query(Long.class)
					.single()).as("their leases brought them back, counted as second attempts")
					.isGreaterThanOrEqualTo(interrupted.size());
			}
		}
	}

	private static ConfigurableApplicationContext start(Path data) {
		return new SpringApplicationBuilder(SwitchboardApplication.class, FakeSource.class).run("--server.port=0",
				"--switchboard.embedded-db.data-dir=" + data, "--switchboard.webhooks.allow-http=true",
				"--switchboard.webhooks.allow-private-targets=true", "--switchboard.webhooks.timeout=5s",
				"--switchboard.webhooks.lease=10s", "--switchboard.webhooks.poll-interval=200ms");
	}

	/**
	 * The first instance: subscribes the receiver, writes a conversation's messages one
	 * after another for several conversations, marks that it has, and runs until it is
	 * killed.
	 */
	static final class KilledInstance {

		public static void main(String[] args) throws Exception {
			ConfigurableApplicationContext context = start(Path.of(args[0]));
			UUID workspaceId = context.getBean(UserService.class)
				.signup("a@example.com", "A", "B", "secret1")
				.workspaceId();
			Conversations.asAdminOf(workspaceId,
					() -> context.getBean(WebhookService.class).subscribe(args[1], List.of("message.created"), null));
			Conversations conversations = new Conversations(context.getBean(ChannelService.class),
					context.getBean(InboundMessages.class), context.getBean(WorkspaceService.class));
			ChannelView channel = conversations.channel("acme");
			for (int n = 0; n < MESSAGES; n++) {
				for (int c = 0; c < CONVERSATIONS; c++) {
					conversations.inbound(channel, "c" + c, "Contact " + c, "message " + n + " of c" + c, null);
				}
			}
			Files.createFile(Path.of(args[2]));
			Thread.sleep(Long.MAX_VALUE);
		}

	}

}

package dev.switchboard.message;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import dev.switchboard.Api.Response;
import dev.switchboard.IntegrationTests;
import dev.switchboard.message.MessageContent;
import dev.switchboard.channel.ChannelView;
import dev.switchboard.conversation.ConversationService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

import org.springframework.beans.factory.annotation.Autowired;

import static dev.switchboard.Api.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class DeliveryTests extends IntegrationTests {

	@Autowired
	private ConversationService conversationService;

	@Autowired
	private MessageService messageService;

	@Autowired
	private Deliveries deliveries;

	@Autowired
	private DeliveryProperties deliveryProperties;

	@Autowired
	private DeliveryWorker worker;

	@Autowired
	private DataSource dataSource;

	private String agent;

	private String conversationId;

	@BeforeEach
	void setUp() {
		this.agent = this.api.user(this.api.admin(), "agent");
		ChannelView channel = this.conversations.channel("acme");
		this.conversationId = this.conversations.inbound(channel, "c1", "Ada", "hi", null).conversationId().toString();
	}

	@Test
	void aTransientFailureIsRetriedUntilDelivered() {
		AtomicInteger calls = new AtomicInteger();
		this.fakeSender.script((message) -> (calls.incrementAndGet() <= 2)
				? new SendResult.Retry("503 from the platform", null) : new SendResult.Delivered("platform-id-1"));

		String id = send("hello").text("id");

		JsonNode delivered = awaitState(id, "DELIVERED");
		assertThat(delivered.path("metadata").path("source").path("id").asString()).isEqualTo("platform-id-1");
		assertThat(delivered.path("metadata").has("error")).isFalse();
		assertThat(this.fakeSender.attempts()).hasSize(3);
		assertThat(this.fakeSender.attempts().get(2).attempt()).isEqualTo(3);
		assertThat(this.fakeSender.attempts().get(0).recipientId()).isEqualTo("c1");
		assertThat(((MessageContent.Text) this.fakeSender.attempts().get(0).content()).text()).isEqualTo("hello");
	}

	@Test
	void aPermanentFailureFailsAtOnceWithAReadableError() {
		this.fakeSender.script((message) -> new SendResult.Failed("Outside the 24-hour window: use a template.",
				JsonNodeFactory.instance.objectNode().put("code", 131047)));

		String id = send("hello").text("id");

		JsonNode failed = awaitState(id, "FAILED");
		assertThat(failed.path("metadata").path("error").asString()).contains("template");
		assertThat(failed.path("metadata").path("source").path("error").path("code").asInt()).isEqualTo(131047);
		assertThat(this.fakeSender.attempts()).hasSize(1);

		this.fakeSender.reset();
		this.api.post("/messages.resend", this.agent, body("message_id", id));
		JsonNode delivered = awaitState(id, "DELIVERED");
		assertThat(delivered.path("metadata").has("error")).isFalse();
		assertThat(delivered.path("metadata").path("source").has("error")).as("the old platform error is gone")
			.isFalse();
	}

	@Test
	void retriesAreBoundedAndAFailedMessageCanBeResent() {
		this.fakeSender.script((message) -> new SendResult.Retry("timeout", null));

		String id = send("hello").text("id");

		JsonNode failed = awaitState(id, "FAILED");
		assertThat(failed.path("metadata").path("error").asString()).startsWith("Gave up after");
		assertThat(this.fakeSender.attempts()).hasSize(this.deliveryProperties.maxAttempts());

		this.fakeSender.reset();
		Response resent = this.api.post("/messages.resend", this.agent, body("message_id", id));
		assertThat(resent.status()).isEqualTo(200);
		assertThat(resent.text("delivery_state")).isEqualTo("PENDING");
		awaitState(id, "DELIVERED");
		assertThat(this.api.post("/messages.resend", this.agent, body("message_id", id)).status()).isEqualTo(409);
		assertThat(this.api
			.post("/messages.resend", this.agent, body("message_id", "1b4e28ba-2fa1-11d2-883f-0016d3cca427"))
			.status()).isEqualTo(404);
	}

	@Test
	void aPendingJobIsDeliveredAfterTheWorkerComesBack() {
		this.worker.stop();
		try {
			String id = send("while stopped").text("id");
			assertThat(state(id)).isEqualTo("PENDING");
			assertThat(this.fakeSender.attempts()).isEmpty();
		}
		finally {
			this.worker.start();
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> this.fakeSender.attempts().size() == 1);
	}

	@Test
	void twoWorkersNeverSendOneJobTwice() throws Exception {
		Map<UUID, AtomicInteger> sends = new ConcurrentHashMap<>();
		this.fakeSender.script((message) -> {
			sends.computeIfAbsent(message.messageId(), (key) -> new AtomicInteger()).incrementAndGet();
			sleep(5);
			return new SendResult.Delivered(null);
		});
		DeliveryWorker second = new DeliveryWorker(this.deliveries, this.deliveryProperties);
		second.start();
		try {
			List<String> ids = new ArrayList<>();
			for (int i = 0; i < 60; i++) {
				ids.add(send("m" + i).text("id"));
			}
			await().atMost(Duration.ofSeconds(20))
				.until(() -> this.jdbc.sql("select count(*) from delivery_jobs").query(Long.class).single() == 0);
			assertThat(sends).hasSize(60);
			assertThat(sends.values()).allMatch((count) -> count.get() == 1);
			assertThat(ids).allMatch((id) -> "DELIVERED".equals(state(id)));
		}
		finally {
			second.stop();
		}
	}

	@Test
	void aBacklogIsDeliveredInBatchesAndAnOutcomeThatCannotBeRecordedLeavesTheOthersRecorded() {
		// PostgreSQL refuses a NUL in text: recording this platform id fails
		this.fakeSender
			.script((message) -> new SendResult.Delivered("bad".equals(((MessageContent.Text) message.content()).text())
					? "id\u0000" : "ok-" + message.messageId()));
		List<String> ids = new ArrayList<>();
		String bad;
		this.worker.stop();
		try {
			for (int i = 0; i < 40; i++) {
				ids.add(send("m" + i).text("id"));
			}
			bad = send("bad").text("id");
		}
		finally {
			this.worker.start();
		}

		await().atMost(Duration.ofSeconds(20)).until(() -> this.fakeSender.attempts().size() == 41);
		await().atMost(Duration.ofSeconds(20))
			.until(() -> ids.stream().allMatch((id) -> "DELIVERED".equals(state(id))));
		// not recorded, not lost: its job waits for its lease to run out and is sent
		// again then
		assertThat(state(bad)).isEqualTo("PENDING");
		assertThat(this.jdbc.sql("select count(*) from delivery_jobs where message_id = cast(:id as uuid)")
			.param("id", bad)
			.query(Long.class)
			.single()).isEqualTo(1);
		assertThat(this.jdbc.sql("select count(*) from delivery_jobs").query(Long.class).single()).isEqualTo(1);
		assertThat(message(ids.get(0)).path("metadata").path("source").path("id").asString())
			.isEqualTo("ok-" + ids.get(0));
	}

	@Test
	void anOutcomeThatFindsNoConnectionWaitsForOneRatherThanSendTheMessageAgain() throws Exception {
		CountDownLatch sending = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		this.fakeSender.script((message) -> {
			sending.countDown();
			awaitLatch(release);
			return new SendResult.Delivered("once-" + message.messageId());
		});
		String id = send("once").text("id");
		assertThat(sending.await(10, TimeUnit.SECONDS)).isTrue();
		List<Connection> held = new ArrayList<>();
		try {
			// every pooled connection, and longer than a caller waits for one
			takeConnections(held, Duration.ofMillis(0));
			release.countDown();
			takeConnections(held, Duration.ofMillis(2500));
		}
		finally {
			for (Connection connection : held) {
				connection.close();
			}
		}

		awaitState(id, "DELIVERED");
		assertThat(this.jdbc.sql("select count(*) from delivery_jobs").query(Long.class).single()).isZero();
		assertThat(this.fakeSender.attempts()).hasSize(1);
	}

	@Test
	void theSameIdempotencyKeySendsOnce() throws Exception {
		Response first = this.api.post("/messages.send", this.agent, body("conversation_id", this.conversationId,
				"message", body("text", "once"), "client_message_id", "k1"));
		Response second = this.api.post("/messages.send", this.agent, body("conversation_id", this.conversationId,
				"message", body("text", "once"), "client_message_id", "k1"));
		var third = this.mvc.post()
			.uri("/messages.send")
			.header("Authorization", "Bearer " + this.agent)
			.header("Idempotency-Key", "k1")
			.contentType("application/json")
			.content("{\"conversation_id\": \"" + this.conversationId + "\", \"message\": {\"text\": \"once\"}}")
			.exchange();

		assertThat(second.text("id")).isEqualTo(first.text("id"));
		assertThat(third.getResponse().getContentAsString()).contains(first.text("id"));
		awaitState(first.text("id"), "DELIVERED");
		assertThat(this.fakeSender.attempts()).hasSize(1);
		assertThat(this.jdbc.sql("select count(*) from messages where sender_type = 'app_user'")
			.query(Long.class)
			.single()).isEqualTo(1);
	}

	@Test
	void aKeyOlderThanADayIsFree() {
		Response first = this.api.post("/messages.send", this.agent,
				body("conversation_id", this.conversationId, "message", body("text", "a"), "client_message_id", "k2"));
		this.jdbc.sql("update message_idempotency_keys set created_at = now() - interval '25 hours'").update();

		Response second = this.api.post("/messages.send", this.agent,
				body("conversation_id", this.conversationId, "message", body("text", "b"), "client_message_id", "k2"));

		assertThat(second.text("id")).isNotEqualTo(first.text("id"));
	}

	private Response send(String text) {
		Response response = this.api.post("/messages.send", this.agent,
				body("conversation_id", this.conversationId, "message", body("text", text)));
		assertThat(response.status()).as(response.text()).isEqualTo(200);
		assertThat(response.text("delivery_state")).isEqualTo("PENDING");
		return response;
	}

	private JsonNode awaitState(String messageId, String state) {
		await().atMost(Duration.ofSeconds(10)).until(() -> state.equals(state(messageId)));
		return message(messageId);
	}

	private String state(String messageId) {
		return message(messageId).path("delivery_state").asString();
	}

	private JsonNode message(String messageId) {
		Response page = this.api.post("/messages.list", this.agent,
				body("conversation_id", this.conversationId, "page_size", 1000));
		for (JsonNode message : page.body().path("data")) {
			if (message.path("id").asString().equals(messageId)) {
				return message;
			}
		}
		throw new AssertionError("no message " + messageId);
	}

	/**
	 * Takes pooled connections until the pool has none left and one request for a
	 * connection has timed out, and goes on taking those that come free until
	 * {@code forAtLeast} has passed.
	 */
	private void takeConnections(List<Connection> held, Duration forAtLeast) {
		long end = System.nanoTime() + forAtLeast.toNanos();
		boolean timedOut = false;
		while (!timedOut || System.nanoTime() < end) {
			try {
				held.add(this.dataSource.getConnection());
			}
			catch (SQLException ex) {
				timedOut = true;
			}
		}
	}

	private static void awaitLatch(CountDownLatch latch) {
		try {
			latch.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}

package dev.switchboard.webhook;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import dev.switchboard.Api.Response;
import dev.switchboard.IntegrationTests;
import dev.switchboard.channel.ChannelView;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.test.context.TestPropertySource;

import static dev.switchboard.Api.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Webhooks end to end: a receiver on localhost verifies every signature with its own
 * implementation of the Standard Webhooks check; the webhooks' clock stands still unless
 * a test moves it.
 */
@TestPropertySource(properties = { "switchboard.webhooks.allow-http=true",
		"switchboard.webhooks.allow-private-targets=true", "switchboard.webhooks.timeout=30s",
		"switchboard.webhooks.lease=40s", "switchboard.webhooks.poll-interval=100ms" })
@Import(WebhookTests.Clocks.class)
@ExtendWith(OutputCaptureExtension.class)
class WebhookTests extends IntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	@Autowired
	private MovableClock clock;

	@Autowired
	private DeliveryStore store;

	@Autowired
	private DeliveryConnections connections;

	@Autowired
	private WebhookProperties properties;

	private Receiver receiver;

	private String admin;

	@BeforeEach
	void receiverAndAdmin() throws Exception {
		this.receiver = new Receiver();
		this.admin = this.api.admin();
	}

	@AfterEach
	void stopReceiver() {
		this.receiver.close();
	}

	@Test
	void theSigningSecretIsShownOnceAndStoredSealedAndNeverLogged(CapturedOutput output) {
		JsonNode created = subscribe(this.admin, "/hook", null);
		String secret = created.path("signing_secret").asString();
		assertThat(secret).startsWith("whsec_");
		assertThat(Base64.getDecoder().decode(secret.substring(6))).hasSize(32);
		assertThat(created.path("status").asString()).isEqualTo("Subscribed");
		assertThat(created.path("events")).extracting(JsonNode::asString)
			.containsExactly("message.created", "message.updated", "conversation.updated", "channel.updated",
					"tag.updated");

		String id = created.path("id").asString();
		String list = this.api.post("/webhooks.list", this.admin).text();
		String info = this.api.post("/webhooks.info", this.admin, body("id", id)).text();
		assertThat(list).contains(id).doesNotContain(secret).doesNotContain("signing_secret");
		assertThat(info).contains(id).doesNotContain(secret).doesNotContain("signing_secret");
		byte[] stored = this.jdbc.sql("select secret from webhook_subscriptions").query(byte[].class).single();
		assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(secret)
			.doesNotContain(secret.substring(6));

		this.api.post("/tags.create", this.admin, body("name", "vip", "color", "tag-red"));
		await().atMost(WAIT).until(() -> this.receiver.requests("/hook").size() == 1);
		String rotated = this.api.post("/webhooks.rotate-secret", this.admin, body("id", id)).text("signing_secret");
		assertThat(output.getAll()).doesNotContain(secret.substring(6)).doesNotContain(rotated.substring(6));
	}

	@Test
	void deliveriesAreTheEventsOfTheEventsListSignedPerStandardWebhooks() {
		String secret = subscribe(this.admin, "/hook", null).path("signing_secret").asString();
		this.api.post("/tags.create", this.admin, body("name", "vip", "color", "tag-red"));
		ChannelView channel = this.conversations.channel("acme");
		this.conversations.inbound(channel, "c1", "Ada", "hello", null);

		await().atMost(WAIT)
			.until(() -> this.receiver.requests("/hook").size() >= 3
					&& this.receiver.requests("/hook").size() == events().size());
		JsonNode events = events();

		Map<String, JsonNode> listed = new HashMap<>();
		events.forEach((event) -> listed.put(event.path("id").asString(), event));
		for (Receiver.Request request : this.receiver.requests("/hook")) {
			assertThat(request.method()).isEqualTo("POST");
			assertThat(request.header("content-type")).startsWith("application/json");
			assertThat(StandardWebhooks.verify(secret, request)).as(request.text()).isTrue();
			JsonNode body = this.json.readTree(request.text());
			assertThat(body.path("id").asString()).isEqualTo(request.header("webhook-id"));
			assertThat(body).isEqualTo(listed.get(request.header("webhook-id")));
			assertThat(Long.parseLong(request.header("webhook-timestamp")))
				.isEqualTo(this.clock.now().getEpochSecond());
		}
		assertThat(this.receiver.requests("/hook")).extracting((request) -> request.header("webhook-id"))
			.containsExactlyInAnyOrderElementsOf(listed.keySet());
		assertThat(StandardWebhooks.verify("whsec_" + Base64.getEncoder().encodeToString(new byte[32]),
				this.receiver.requests("/hook").get(0)))
			.isFalse();
	}

	@Test
	void aRotatedSecretSignsTheNextDeliveries() {
		JsonNode created = subscribe(this.admin, "/hook", List.of("tag.updated"));
		String old = created.path("signing_secret").asString();
		// one delivery before the rotation, so that the old key was in use (and kept)
		this.api.post("/tags.create", this.admin, body("name", "before", "color", "tag-red"));
		await().atMost(WAIT).until(() -> this.receiver.requests("/hook").size() == 1);
		assertThat(StandardWebhooks.verify(old, this.receiver.requests("/hook").get(0))).isTrue();
		Response rotated = this.api.post("/webhooks.rotate-secret", this.admin,
				body("id", created.path("id").asString()));
		assertThat(rotated.status()).isEqualTo(200);
		String secret = rotated.text("signing_secret");
		assertThat(secret).startsWith("whsec_").isNotEqualTo(old);

		this.api.post("/tags.create", this.admin, body("name", "vip", "color", "tag-red"));
		await().atMost(WAIT).until(() -> this.receiver.requests("/hook").size() == 2);
		Receiver.Request request = this.receiver.requests("/hook").get(1);
		assertThat(StandardWebhooks.verify(secret, request)).isTrue();
		assertThat(StandardWebhooks.verify(old, request)).isFalse();
	}

	@Test
	void retriesFollowTheScheduleAndA2xxAfterFailuresEndsDelivered() {
		AtomicInteger calls = new AtomicInteger();
		this.receiver.answer("/flaky", (request) -> (calls.incrementAndGet() <= 3) ? 500 : 204);
		String secret = subscribe(this.admin, "/flaky", List.of("tag.updated")).path("signing_secret").asString();
		String id = this.api.post("/webhooks.list", this.admin).body().path("data").get(0).path("id").asString();
		this.api.post("/tags.create", this.admin, body("name", "vip", "color", "tag-red"));

		List<Duration> schedule = List.of(Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofMinutes(30));
		for (int attempt = 1; attempt <= 3; attempt++) {
			awaitRetry(id, attempt);
			JsonNode delivery = delivery(id);
			assertThat(delivery.path("status").asString()).isEqualTo("PENDING");
			assertThat(delivery.path("last_status_code").asInt()).isEqualTo(500);
			assertThat(delivery.path("last_error").asString()).isEqualTo("HTTP 500");
			Instant next = Instant.parse(delivery.path("next_attempt_at").asString());
			Duration wait = Duration.between(this.clock.now(), next);
			Duration base = schedule.get(attempt - 1);
			assertThat(wait).isBetween(base.multipliedBy(9).dividedBy(10), base.multipliedBy(11).dividedBy(10));

			this.clock.advance(wait.minusMillis(1));
			assertThat(this.receiver.requests("/flaky")).hasSize(attempt);
			this.clock.set(next);
		}
		await().atMost(WAIT).until(() -> "DELIVERED".equals(delivery(id).path("status").asString()));
		JsonNode delivered = delivery(id);
		assertThat(delivered.path("attempts").asInt()).isEqualTo(4);
		assertThat(delivered.path("last_status_code").asInt()).isEqualTo(204);
		assertThat(delivered.path("last_error").isNull()).isTrue();
		assertThat(delivered.path("next_attempt_at").isNull()).isTrue();
		assertThat(Instant.parse(delivered.path("delivered_at").asString())).isEqualTo(this.clock.now());
		List<Receiver.Request> requests = this.receiver.requests("/flaky");
		assertThat(requests).hasSize(4).allMatch((request) -> StandardWebhooks.verify(secret, request));
		assertThat(requests).extracting((request) -> request.header("webhook-id"))
			.containsOnly(delivered.path("event_id").asString());
	}

	@Test
	void aDeliveryFailingEveryAttemptEndsFailedAndThreeDaysOfFailuresDisableTheSubscription(CapturedOutput output) {
		this.receiver.answer("/down", (request) -> 503);
		String id = subscribe(this.admin, "/down", List.of("tag.updated")).path("id").asString();
		Instant start = this.clock.now();
		this.api.post("/tags.create", this.admin, body("name", "vip", "color", "tag-red"));

		for (int attempt = 1; attempt < 8; attempt++) {
			awaitRetry(id, attempt);
			this.clock.set(Instant.parse(delivery(id).path("next_attempt_at").asString()));
		}
		await().atMost(WAIT).until(() -> "FAILED".equals(delivery(id).path("status").asString()));
		assertThat(delivery(id).path("attempts").asInt()).isEqualTo(8);
		assertThat(delivery(id).path("next_attempt_at").isNull()).isTrue();
		assertThat(this.receiver.requests("/down")).hasSize(8);
		assertThat(Duration.between(start, this.clock.now())).isLessThan(Duration.ofDays(3));
		assertThat(info(id).path("status").asString()).isEqualTo("Subscribed");

		this.clock.set(start.plus(Duration.ofDays(3)).plusSeconds(1));
		this.api.post("/tags.create", this.admin, body("name", "gold", "color", "tag-red"));
		await().atMost(WAIT).until(() -> "Disabled".equals(info(id).path("status").asString()));
		assertThat(output.getOut()).contains("Webhook subscription " + id).contains("is disabled");
		JsonNode events = events();
		assertThat(events.findValuesAsString("type")).contains("webhook.disabled");
		JsonNode disabled = null;
		for (JsonNode event : events) {
			disabled = "webhook.disabled".equals(event.path("type").asString()) ? event : disabled;
		}
		assertThat(disabled.path("payload").path("id").asString()).isEqualTo(id);
		assertThat(disabled.path("payload").path("status").asString()).isEqualTo("Disabled");

		Response enabled = this.api.post("/webhooks.update", this.admin, body("id", id, "status", "Subscribed"));
		assertThat(enabled.status()).isEqualTo(200);
		assertThat(enabled.text("status")).isEqualTo("Subscribed");
	}

	@Test
	void redeliverSendsADeliveredEventAgain() {
		String id = subscribe(this.admin, "/hook", List.of("tag.updated")).path("id").asString();
		this.api.post("/tags.create", this.admin, body("name", "vip", "color", "tag-red"));
		await().atMost(WAIT).until(() -> "DELIVERED".equals(delivery(id).path("status").asString()));

		Response redelivered = this.api.post("/webhooks.redeliver", this.admin,
				body("delivery_id", delivery(id).path("id").asString()));
		assertThat(redelivered.status()).as(redelivered.text()).isEqualTo(200);
		await().atMost(WAIT).until(() -> this.receiver.requests("/hook").size() == 2);
		await().atMost(WAIT).until(() -> "DELIVERED".equals(delivery(id).path("status").asString()));
		List<Receiver.Request> requests = this.receiver.requests("/hook");
		assertThat(requests.get(1).header("webhook-id")).isEqualTo(requests.get(0).header("webhook-id"));
		assertThat(requests.get(1).text()).isEqualTo(requests.get(0).text());
		assertThat(this.api.post("/webhooks.redeliver", this.admin, body("delivery_id", UUID.randomUUID())).status())
			.isEqualTo(404);
	}

	@Test
	void eventsOfAConversationArriveInOrderWhileConversationsAreSentConcurrently() throws Exception {
		this.receiver.answer("/ordered", (request) -> {
			sleep(ThreadLocalRandom.current().nextInt(15));
			return 200;
		});
		subscribe(this.admin, "/ordered", List.of("message.created"));
		ChannelView channel = this.conversations.channel("acme");
		int perConversation = 12;
		List<String> contacts = List.of("c1", "c2", "c3", "c4", "c5", "c6");
		try (ExecutorService writers = Executors.newFixedThreadPool(contacts.size())) {
			List<Future<?>> done = new ArrayList<>();
			for (String contact : contacts) {
				done.add(writers.submit(() -> {
					for (int i = 0; i < perConversation; i++) {
						this.conversations.inbound(channel, contact, contact, contact + "-" + i, null);
					}
				}));
			}
			for (Future<?> future : done) {
				future.get();
			}
		}
		int total = perConversation * contacts.size();
		await().atMost(WAIT).until(() -> this.receiver.requests("/ordered").size() >= total);

		Map<String, List<Integer>> received = new HashMap<>();
		for (Receiver.Request request : this.receiver.requests("/ordered")) {
			String text = this.json.readTree(request.text()).path("payload").path("content").path("text").asString();
			String[] parts = text.split("-");
			received.computeIfAbsent(parts[0], (key) -> new ArrayList<>()).add(Integer.parseInt(parts[1]));
		}
		assertThat(received).hasSize(contacts.size());
		List<Integer> inOrder = IntStream.range(0, perConversation).boxed().toList();
		received.values().forEach((texts) -> assertThat(texts).isEqualTo(inOrder));
	}

	@Test
	void aLaterEventOfAConversationWaitsForTheEarlierOnesRetry() {
		AtomicInteger calls = new AtomicInteger();
		this.receiver.answer("/ordered", (request) -> (calls.incrementAndGet() == 1) ? 500 : 200);
		String id = subscribe(this.admin, "/ordered", List.of("message.created")).path("id").asString();
		ChannelView channel = this.conversations.channel("acme");
		this.conversations.inbound(channel, "c1", "Ada", "first", null);
		awaitRetry(id, 1);
		String next = delivery(id).path("next_attempt_at").asString();
		this.conversations.inbound(channel, "c1", "Ada", "second", null);
		this.conversations.inbound(channel, "c2", "Bob", "other", null);

		await().atMost(WAIT).until(() -> texts("/ordered").contains("other"));
		assertThat(texts("/ordered")).containsExactly("first", "other");

		this.clock.set(Instant.parse(next));
		await().atMost(WAIT).until(() -> texts("/ordered").size() == 4);
		assertThat(texts("/ordered")).containsExactly("first", "other", "first", "second");
	}

	@Test
	void aReceiverThatNeverAnswersDelaysNoOtherSubscription() {
		this.receiver.answer("/dead", (request) -> Receiver.HANG);
		subscribe(this.admin, "/dead", List.of("tag.updated"));
		String live = subscribe(this.admin, "/live", List.of("tag.updated")).path("id").asString();
		int tags = 40;
		for (int i = 0; i < tags; i++) {
			this.api.post("/tags.create", this.admin, body("name", "tag" + i, "color", "tag-red"));
		}

		await().atMost(WAIT).until(() -> this.receiver.requests("/live").size() == tags);
		await().atMost(WAIT)
			.until(() -> deliveries(live).findValuesAsString("status").stream().allMatch("DELIVERED"::equals));
		// the dead receiver holds its share of senders, and only that: none of its
		// requests has been answered
		assertThat(this.receiver.hanging()).isEqualTo(this.properties.concurrencyPerSubscription());
		assertThat(this.receiver.requests("/dead")).hasSize(this.properties.concurrencyPerSubscription());
	}

	@Test
	void recordedSuccessesHandTheirSlotsToTheirSubscriptionsNextDeliveriesInConversationOrder() {
		String id = subscribe(this.admin, "/hook", List.of("message.created")).path("id").asString();
		UUID subscription = UUID.fromString(id);
		// due only an hour from the webhooks' clock, so the running senders leave them
		Instant later = this.clock.now().plus(Duration.ofHours(1));
		UUID first = UUID.randomUUID();
		UUID second = UUID.randomUUID();
		insertDelivery(subscription, 1, first, later);
		insertDelivery(subscription, 2, first, later);
		insertDelivery(subscription, 3, null, later);
		insertDelivery(subscription, 4, second, later);
		insertDelivery(subscription, 5, second, later);
		insertDelivery(subscription, 6, null, later);
		insertDelivery(subscription, 7, null, later);
		Instant lease = later.plus(Duration.ofMinutes(1));
		List<DeliveryStore.Claimed> claimed = this.store.claim(1, 8, later, lease);
		assertThat(claimed).extracting(DeliveryStore.Claimed::eventId).containsExactly(1L);

		// as DeliveredBatches does: the success, then the next ones, in one transaction;
		// event 2 follows event 1 of its conversation, delivered in the same transaction
		List<DeliveryStore.Claimed> next = this.connections.transaction().execute((status) -> {
			assertThat(this.store.delivered(List.of(new DeliveryStore.Success(claimed.get(0), 200)), later))
				.containsExactly(claimed.get(0).id());
			return this.store.claimNext(Map.of(subscription, 2), later, lease);
		});
		assertThat(next).extracting(DeliveryStore.Claimed::eventId).containsExactlyInAnyOrder(2L, 3L);
		assertThat(next).allSatisfy((delivery) -> assertThat(delivery.attempt()).isEqualTo(1));

		// no more than were handed on, in event order
		assertThat(this.store.claimNext(Map.of(subscription, 1), later, lease))
			.extracting(DeliveryStore.Claimed::eventId)
			.containsExactly(4L);

		// with events 2, 3 and 4 in flight, a worker's claim with a share of 4 has one
		// slot: event 6, as event 5 waits for event 4
		assertThat(this.store.claim(10, 4, later, lease)).extracting(DeliveryStore.Claimed::eventId)
			.containsExactly(6L);
		assertThat(this.store.claim(10, 4, later, lease)).isEmpty();
		assertThat(this.store.claimNext(Map.of(subscription, 5), later, lease))
			.extracting(DeliveryStore.Claimed::eventId)
			.containsExactly(7L);
	}

	@Test
	void anOutcomeIsRecordedOnlyForTheClaimThatMadeTheAttempt() {
		String id = subscribe(this.admin, "/hook", List.of("message.created")).path("id").asString();
		UUID subscription = UUID.fromString(id);
		Instant later = this.clock.now().plus(Duration.ofHours(1));
		insertDelivery(subscription, 1, null, later);
		DeliveryStore.Claimed first = this.store.claim(1, 8, later, later.plus(Duration.ofMinutes(1))).get(0);
		// its lease runs out and the delivery is claimed again
		Instant afterLease = later.plus(Duration.ofMinutes(2));
		List<DeliveryStore.Claimed> again = this.store.claim(1, 8, afterLease, afterLease.plus(Duration.ofMinutes(1)));
		assertThat(again).extracting(DeliveryStore.Claimed::id).containsExactly(first.id());
		DeliveryStore.Claimed second = again.get(0);

		assertThat(this.store.delivered(List.of(new DeliveryStore.Success(first, 200)), afterLease)).isEmpty();
		assertThat(this.store.failedAttempt(first, Delivery.PENDING, 500, "HTTP 500", afterLease)).isFalse();
		assertThat(this.store.delivered(List.of(new DeliveryStore.Success(second, 200)), afterLease))
			.containsExactly(first.id());
		// an ended delivery holds no lease, so no outcome matches it any more
		assertThat(this.store.failedAttempt(second, Delivery.PENDING, 500, "HTTP 500", afterLease)).isFalse();
		assertThat(this.store.delivered(List.of(new DeliveryStore.Success(second, 200)), afterLease)).isEmpty();
		assertThat(this.jdbc.sql("select status from webhook_deliveries where id = :id")
			.param("id", first.id())
			.query(String.class)
			.single()).isEqualTo(Delivery.DELIVERED);
		// and the table refuses a lease on it
		assertThatThrownBy(() -> this.jdbc.sql("update webhook_deliveries set leased_until = now() where id = :id")
			.param("id", first.id())
			.update()).isInstanceOf(DataIntegrityViolationException.class);
	}

	@Test
	void theDeliveryConnectionsTakeAnIndexWhateverTheStatisticsSay() {
		// statistics of an empty table, as on a fresh install before a backlog
		this.jdbc.sql("analyze webhook_deliveries").update();
		String byIds = "explain select id from webhook_deliveries"
				+ " where id = any(array['0d3a5e35-6f43-4c8e-9b6e-3c8f0b4b8e11'::uuid])";

		assertThat(String.join("\n", this.connections.jdbc().sql(byIds).query(String.class).list()))
			.contains("webhook_deliveries_pkey")
			.doesNotContain("Seq Scan");
		assertThat(this.connections.jdbc().sql("show enable_seqscan").query(String.class).single()).isEqualTo("off");
		assertThat(this.jdbc.sql("show enable_seqscan").query(String.class).single()).isEqualTo("on");
	}

	private void insertDelivery(UUID subscription, long eventId, UUID conversation, Instant due) {
		this.jdbc.sql("""
				insert into webhook_deliveries
				    (id, subscription_id, event_id, type, conversation_id, body, status, next_attempt_at, created_at)
				values (:id, :subscription, :event, 'message.created', :conversation, '{}', 'PENDING', :due, now())""")
			.param("id", UUID.randomUUID())
			.param("subscription", subscription)
			.param("event", eventId)
			.param("conversation", conversation)
			.param("due", Timestamp.from(due))
			.update();
	}

	@Test
	void aSubscriptionNeverHasMoreThanItsShareOfAttemptsInFlightWhileManyAreDue() {
		// every request waits until the test releases them all; after that they are
		// answered
		// at once, and the senders' slots are taken and given back many times
		this.receiver.answer("/busy", (request) -> Receiver.HANG);
		String id = subscribe(this.admin, "/busy", List.of("tag.updated")).path("id").asString();
		int tags = 40;
		for (int i = 0; i < tags; i++) {
			this.api.post("/tags.create", this.admin, body("name", "busy" + i, "color", "tag-red"));
		}
		await().atMost(WAIT)
			.until(() -> this.jdbc
				.sql("select count(*) from webhook_deliveries where subscription_id = cast(:id as uuid)")
				.param("id", id)
				.query(Long.class)
				.single() == tags && this.receiver.hanging() == this.properties.concurrencyPerSubscription());
		assertThat(this.receiver.requests("/busy")).hasSize(this.properties.concurrencyPerSubscription());

		this.receiver.release();
		await().atMost(WAIT)
			.until(() -> this.jdbc
				.sql("select count(*) from webhook_deliveries where subscription_id = cast(:id as uuid)"
						+ " and status = 'DELIVERED'")
				.param("id", id)
				.query(Long.class)
				.single() == tags);
		assertThat(this.receiver.requests("/busy")).hasSize(tags);
		assertThat(this.receiver.mostOpenAtOnce("/busy")).isEqualTo(this.properties.concurrencyPerSubscription());
	}

	@Test
	void eventsOfAnotherWorkspaceNeverReachASubscription() {
		subscribe(this.admin, "/alpha", null);
		Response beta = this.api.post("/workspaces.create", this.admin, body("name", "Beta"));
		UUID betaId = UUID.fromString(beta.text("id"));
		String betaToken = this.api.post("/workspaces.switch", this.admin, body("workspace_id", betaId)).text("token");
		String betaSubscription = subscribe(betaToken, "/beta", null).path("id").asString();

		this.api.post("/tags.create", betaToken, body("name", "beta-only", "color", "tag-red"));
		this.api.post("/tags.create", this.admin, body("name", "alpha-only", "color", "tag-red"));
		await().atMost(WAIT)
			.until(() -> !this.receiver.requests("/alpha").isEmpty() && !this.receiver.requests("/beta").isEmpty());
		await().pollDelay(Duration.ofMillis(500)).atMost(WAIT).until(() -> true);

		assertThat(this.receiver.requests("/alpha")).extracting(Receiver.Request::text)
			.allMatch((text) -> !text.contains("beta-only"))
			.anyMatch((text) -> text.contains("alpha-only"));
		assertThat(this.receiver.requests("/beta")).extracting(Receiver.Request::text)
			.allMatch((text) -> !text.contains("alpha-only"))
			.anyMatch((text) -> text.contains("beta-only"));

		assertThat(this.api.post("/webhooks.info", this.admin, body("id", betaSubscription)).status()).isEqualTo(404);
		assertThat(this.api.post("/webhooks.deliveries", this.admin, body("id", betaSubscription)).status())
			.isEqualTo(404);
		assertThat(this.api.post("/webhooks.rotate-secret", this.admin, body("id", betaSubscription)).status())
			.isEqualTo(404);
		String betaDelivery = deliveries(betaToken, betaSubscription).get(0).path("id").asString();
		assertThat(this.api.post("/webhooks.redeliver", this.admin, body("delivery_id", betaDelivery)).status())
			.isEqualTo(404);
		assertThat(this.api.post("/webhooks.list", this.admin).body().path("data").findValuesAsString("id"))
			.doesNotContain(betaSubscription);
	}

	@Test
	void onlyAdminsManageWebhooks() {
		String supervisor = this.api.user(this.admin, "supervisor");
		String agent = this.api.user(this.admin, "agent");
		String id = subscribe(this.admin, "/hook", null).path("id").asString();
		for (String token : List.of(supervisor, agent)) {
			assertThat(this.api.post("/webhooks.subscribe", token, body("url", this.receiver.url("/x"))).status())
				.isEqualTo(403);
			assertThat(this.api.post("/webhooks.list", token).status()).isEqualTo(403);
			assertThat(this.api.post("/webhooks.info", token, body("id", id)).status()).isEqualTo(403);
			assertThat(this.api.post("/webhooks.rotate-secret", token, body("id", id)).status()).isEqualTo(403);
			assertThat(this.api.post("/webhooks.deliveries", token, body("id", id)).status()).isEqualTo(403);
		}
		assertThat(this.api.post("/webhooks.list", null).status()).isEqualTo(401);
	}

	@Test
	void badRequestsAreClearProblems() {
		String id = subscribe(this.admin, "/hook", null).path("id").asString();
		List<Map<String, Object>> subscribes = List.of(body(), body("url", "ftp://example.com/x"),
				body("url", "not a url"), body("url", "/relative"), body("url", "http://user:pw@example.com/"),
				body("url", this.receiver.url("/x"), "events", List.of("message.deleted")),
				body("url", this.receiver.url("/x"), "headers", Map.of("webhook-signature", "forged")),
				body("url", this.receiver.url("/x"), "headers", Map.of("Host", "elsewhere")),
				body("url", this.receiver.url("/x"), "headers", Map.of("X-Token", "a\r\nb")),
				body("url", this.receiver.url("/x"), "headers", Map.of("bad name", "v")),
				body("url", "https://" + "a".repeat(2050) + ".example"));
		for (Map<String, Object> request : subscribes) {
			Response response = this.api.post("/webhooks.subscribe", this.admin, request);
			assertThat(response.status()).as(request.toString()).isEqualTo(400);
			assertThat(response.contentType()).startsWith("application/problem+json");
		}
		assertThat(this.api.post("/webhooks.info", this.admin, body("id", "nope")).status()).isEqualTo(400);
		assertThat(this.api.post("/webhooks.info", this.admin, body("id", UUID.randomUUID())).status()).isEqualTo(404);
		assertThat(this.api.post("/webhooks.update", this.admin, body("id", id, "status", "Disabled")).status())
			.isEqualTo(400);
		assertThat(this.api.post("/webhooks.deliveries", this.admin, body("id", id, "cursor", "forged")).status())
			.isEqualTo(400);
		assertThat(this.api.post("/webhooks.deliveries", this.admin, body("id", id, "page_size", 0)).status())
			.isEqualTo(400);
	}

	@Test
	void updateChangesWhatIsGivenAndUnsubscribeStopsDeliveries() {
		String id = subscribe(this.admin, "/hook", List.of("tag.updated")).path("id").asString();
		Response updated = this.api.post("/webhooks.update", this.admin,
				body("id", id, "url", this.receiver.url("/moved"), "headers", Map.of("X-Crm-Key", "k1")));
		assertThat(updated.status()).isEqualTo(200);
		assertThat(updated.text("url")).isEqualTo(this.receiver.url("/moved"));
		assertThat(updated.body().path("events").get(0).asString()).isEqualTo("tag.updated");
		this.api.post("/tags.create", this.admin, body("name", "vip", "color", "tag-red"));
		await().atMost(WAIT).until(() -> this.receiver.requests("/moved").size() == 1);
		assertThat(this.receiver.requests("/moved").get(0).header("X-Crm-Key")).isEqualTo("k1");

		Response unsubscribed = this.api.post("/webhooks.unsubscribe", this.admin, body("id", id));
		assertThat(unsubscribed.status()).isEqualTo(200);
		assertThat(unsubscribed.text("status")).isEqualTo("Unsubscribed");
		this.api.post("/tags.create", this.admin, body("name", "gold", "color", "tag-red"));
		Response later = this.api.post("/webhooks.info", this.admin, body("id", id));
		assertThat(later.text("status")).isEqualTo("Unsubscribed");
		await().pollDelay(Duration.ofMillis(500)).atMost(WAIT).until(() -> true);
		assertThat(this.receiver.requests("/moved")).hasSize(1);
		assertThat(deliveries(id).size()).isEqualTo(1);
	}

	private JsonNode subscribe(String token, String path, List<String> events) {
		Map<String, Object> request = body("url", this.receiver.url(path));
		if (events != null) {
			request.put("events", events);
		}
		Response response = this.api.post("/webhooks.subscribe", token, request);
		assertThat(response.status()).as(response.text()).isEqualTo(201);
		return response.body();
	}

	/**
	 * Waits until the newest delivery's attempt failed and its next one is scheduled.
	 */
	private void awaitRetry(String id, int attempt) {
		await().atMost(WAIT).until(() -> {
			JsonNode delivery = delivery(id);
			return delivery.path("attempts").asInt() == attempt && delivery.path("next_attempt_at").isString()
					&& Instant.parse(delivery.path("next_attempt_at").asString()).isAfter(this.clock.now());
		});
	}

	private JsonNode events() {
		return this.api.post("/events.list", this.admin, body("after_id", 0, "page_size", 1000)).body().path("data");
	}

	private JsonNode info(String id) {
		return this.api.post("/webhooks.info", this.admin, body("id", id)).body();
	}

	private JsonNode deliveries(String id) {
		return deliveries(this.admin, id);
	}

	private JsonNode deliveries(String token, String id) {
		Response response = this.api.post("/webhooks.deliveries", token, body("id", id));
		assertThat(response.status()).as(response.text()).isEqualTo(200);
		return response.body().path("data");
	}

	/** The newest delivery of a subscription. */
	private JsonNode delivery(String id) {
		return deliveries(id).path(0);
	}

	private List<String> texts(String path) {
		return this.receiver.requests(path)
			.stream()
			.map((request) -> this.json.readTree(request.text())
				.path("payload")
				.path("content")
				.path("text")
				.asString())
			.toList();
	}

	private static void sleep(int millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Clocks {

		@Bean
		@Primary
		MovableClock movableClock() {
			return new MovableClock();
		}

	}

}

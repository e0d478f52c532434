package dev.switchboard.source.inbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import dev.switchboard.FakeSource;
import dev.switchboard.IntegrationTests;
import dev.switchboard.message.MessageService;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class WebhookInboxTests extends IntegrationTests {

	@Autowired
	private WebhookInbox inbox;

	@Autowired
	private FakeSource.Webhooks webhooks;

	@Autowired
	private MessageService messages;

	@Test
	void aStoredEventIsProcessedOnceEvenWhenDeliveredTwice() {
		this.api.admin();
		this.conversations.channel("acme");
		String body = "{\"account\":\"acme\",\"contact\":\"c1\",\"mid\":\"m-1\",\"text\":\"hi\"}";

		long first = this.inbox.store(FakeSource.SOURCE, "application/json", body.getBytes(StandardCharsets.UTF_8));
		long second = this.inbox.store(FakeSource.SOURCE, "application/json", body.getBytes(StandardCharsets.UTF_8));

		await().atMost(Duration.ofSeconds(10))
			.until(() -> status(first).equals("DONE") && status(second).equals("DONE"));
		assertThat(this.jdbc.sql("select count(*) from messages where source_message_id = 'm-1'")
			.query(Long.class)
			.single()).isEqualTo(1);
	}

	@Test
	void aFailingEventIsRetriedUntilItSucceeds() {
		this.api.admin();
		this.conversations.channel("acme");
		this.webhooks.failNext(2);

		long id = this.inbox.store(FakeSource.SOURCE, "application/json",
				"{\"account\":\"acme\",\"contact\":\"c1\",\"mid\":\"m-2\",\"text\":\"hi\"}"
					.getBytes(StandardCharsets.UTF_8));

		await().atMost(Duration.ofSeconds(20)).until(() -> status(id).equals("DONE"));
		assertThat(this.jdbc.sql("select attempts from webhook_events where id = :id")
			.param("id", id)
			.query(Integer.class)
			.single()).isEqualTo(3);
	}

	@Test
	void anEventWhoseDataTheDatabaseRefusesFailsAtOnceAndTheNextIsProcessed() {
		this.api.admin();
		this.conversations.channel("acme");

		// PostgreSQL stores no NUL in text or JSON: a platform's text with one cannot be
		// stored
		long refused = this.inbox.store(FakeSource.SOURCE, "application/json",
				"{\"account\":\"acme\",\"contact\":\"c1\",\"mid\":\"m-nul\",\"text\":\"a\\u0000b\"}"
					.getBytes(StandardCharsets.UTF_8));
		long next = this.inbox.store(FakeSource.SOURCE, "application/json",
				"{\"account\":\"acme\",\"contact\":\"c1\",\"mid\":\"m-ok\",\"text\":\"hi\"}"
					.getBytes(StandardCharsets.UTF_8));

		await().atMost(Duration.ofSeconds(10)).until(() -> status(refused).equals("FAILED"));
		await().atMost(Duration.ofSeconds(10)).until(() -> status(next).equals("DONE"));
		assertThat(this.jdbc.sql("select attempts from webhook_events where id = :id")
			.param("id", refused)
			.query(Integer.class)
			.single()).as("not retried").isEqualTo(1);
	}

	@Test
	void eventsForUnknownChannelsAreAcknowledgedAndIgnored() {
		long id = this.inbox.store(FakeSource.SOURCE, "application/json",
				"{\"account\":\"nobody\",\"contact\":\"c1\",\"mid\":\"m-3\",\"text\":\"hi\"}"
					.getBytes(StandardCharsets.UTF_8));

		await().atMost(Duration.ofSeconds(10)).until(() -> status(id).equals("IGNORED"));
		assertThat(this.jdbc.sql("select count(*) from messages").query(Long.class).single()).isZero();
	}

	@Test
	void processedEventsAreDeletedAfterAWeekButPendingOnesNever() {
		long old = this.inbox.store(FakeSource.SOURCE, "application/json",
				"{\"account\":\"nobody\"}".getBytes(StandardCharsets.UTF_8));
		await().atMost(Duration.ofSeconds(10)).until(() -> status(old).equals("IGNORED"));
		this.jdbc.sql("update webhook_events set processed_at = now() - interval '8 days' where id = :id")
			.param("id", old)
			.update();
		this.jdbc
			.sql("insert into webhook_events (source, body, status, next_attempt_at, received_at)"
					+ " values ('fake', '\\x7b7d', 'PENDING', now() + interval '1 day', now() - interval '40 days')")
			.update();

		this.inbox.prune();

		assertThat(this.jdbc.sql("select count(*) from webhook_events where id = :id")
			.param("id", old)
			.query(Long.class)
			.single()).isZero();
		assertThat(this.jdbc.sql("select count(*) from webhook_events where status = 'PENDING'")
			.query(Long.class)
			.single()).isEqualTo(1);
	}

	private String status(long id) {
		return this.jdbc.sql("select status from webhook_events where id = :id")
			.param("id", id)
			.query(String.class)
			.single();
	}

}

package dev.switchboard.source.inbox;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.switchboard.FakeSource;
import dev.switchboard.IntegrationTests;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Webhook events processed in batches, on the test's thread: one transaction per claim,
 * in arrival order, a failing event rolled back alone.
 */
class WebhookBatchTests extends IntegrationTests {

	@Autowired
	private WebhookInbox inbox;

	@Autowired
	private TransactionTemplate transaction;

	@Autowired
	private WebhookWorker worker;

	@Autowired
	private FakeSource.Webhooks webhooks;

	@BeforeEach
	void processOnThisThread() {
		this.worker.stop();
		this.api.admin();
		this.conversations.channel("acme");
	}

	@AfterEach
	void restartWorker() {
		this.webhooks.reset();
		this.worker.start();
	}

	@Test
	void aBatchKeepsEachConversationsOrderStoresARedeliveryOnceAndPublishesEachConversationOnce() {
		long[] ids = { store("c1", "m-1", "one"), store("c2", "n-1", "other"), store("c1", "m-2", "two"),
				store("c1", "m-2", "two"), store("c1", "m-3", "three") };

		assertThat(this.inbox.processDue(WebhookInbox.BATCH_SIZE)).isEqualTo(5);

		for (long id : ids) {
			assertThat(status(id)).isEqualTo("DONE");
		}
		assertThat(this.jdbc.sql("""
				select e.payload -> 'content' ->> 'text' from events e
				where e.type = 'message.created' and e.payload ->> 'source' = 'fake'
				  and e.conversation_id = (select id from conversations where source_contact_id = 'c1')
				order by e.id""").query(String.class).list()).containsExactly("one", "two", "three");
		assertThat(this.jdbc.sql("""
				select payload ->> 'unread_message_count' from events where type = 'conversation.updated'
				  and conversation_id = (select id from conversations where source_contact_id = 'c1')""")
			.query(String.class)
			.list()).as("one conversation.updated, with the batch's end state").containsExactly("3");
		assertThat(this.jdbc.sql("select count(*) from events where type = 'conversation.updated'")
			.query(Long.class)
			.single()).isEqualTo(2);
	}

	@Test
	void aFailingEventIsRolledBackAloneAndRetriedOnItsOwn() {
		this.webhooks.failMessage("m-2");
		long first = store("c1", "m-1", "one");
		long failing = store("c2", "m-2", "two");
		long last = store("c3", "m-3", "three");

		this.inbox.processDue(WebhookInbox.BATCH_SIZE);

		assertThat(status(first)).isEqualTo("DONE");
		assertThat(status(last)).isEqualTo("DONE");
		assertThat(status(failing)).isEqualTo("PENDING");
		assertThat(this.jdbc.sql("select source_message_id from messages order by source_message_id")
			.query(String.class)
			.list()).containsExactly("m-1", "m-3");
		assertThat(this.jdbc.sql("select count(*) from conversations where source_contact_id = 'c2'")
			.query(Long.class)
			.single()).as("nothing of the failed event stays").isZero();

		assertThat(attempts(failing)).isEqualTo(1);
		assertThat(attempts(first)).isEqualTo(1);

		// due again, still failing, claimed with a new event: the new one is not held
		// back
		this.jdbc.sql("update webhook_events set next_attempt_at = now() where id = :id").param("id", failing).update();
		long next = store("c4", "m-4", "four");
		assertThat(this.inbox.processDue(WebhookInbox.BATCH_SIZE)).isEqualTo(2);
		assertThat(status(next)).isEqualTo("DONE");
		assertThat(status(failing)).isEqualTo("PENDING");
		assertThat(attempts(failing)).isEqualTo(2);

		this.webhooks.reset();
		this.jdbc.sql("update webhook_events set next_attempt_at = now() where id = :id").param("id", failing).update();
		this.inbox.processDue(WebhookInbox.BATCH_SIZE);
		assertThat(status(failing)).isEqualTo("DONE");
		assertThat(this.jdbc.sql("select count(*) from messages").query(Long.class).single()).isEqualTo(4);
	}

	@Test
	void aClaimGivesTheTransactionNoIdAndKeepsItsEventsFromOtherWorkersUntilItEnds() throws Exception {
		long id = store("c1", "m-1", "one");
		CountDownLatch claimed = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		AtomicReference<Object> transactionId = new AtomicReference<>("unset");
		Thread holder = Thread.ofPlatform().start(() -> this.transaction.executeWithoutResult((status) -> {
			assertThat(this.inbox.claimDue(WebhookInbox.BATCH_SIZE)).extracting(WebhookEvent::id).containsExactly(id);
			// the conversations' locks come next, and must come before the transaction's
			// id (the event log orders a conversation's events by it)
			transactionId.set(this.jdbc.sql("select pg_current_xact_id_if_assigned()::text")
				.query((rs, row) -> Optional.ofNullable(rs.getString(1)))
				.single());
			claimed.countDown();
			awaitQuietly(release);
		}));
		assertThat(claimed.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(transactionId.get()).isEqualTo(Optional.empty());

		assertThat(this.inbox.processDue(WebhookInbox.BATCH_SIZE)).as("held by the other worker").isZero();
		assertThat(status(id)).isEqualTo("PENDING");

		release.countDown();
		holder.join(10_000);
		assertThat(this.inbox.processDue(WebhookInbox.BATCH_SIZE)).isEqualTo(1);
		assertThat(status(id)).isEqualTo("DONE");
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Test
	void aBatchThatCannotCommitIsProcessedEventByEvent() {
		long first = store("c1", "m-1", "one");
		// a contact id PostgreSQL cannot store fails inside the conversation feature's
		// own transaction boundary, which marks the whole batch rollback-only
		long refused = store("c\\u0000x", "m-2", "two");
		long last = store("c3", "m-3", "three");

		this.inbox.processDue(WebhookInbox.BATCH_SIZE);

		assertThat(status(first)).isEqualTo("DONE");
		assertThat(status(last)).isEqualTo("DONE");
		assertThat(status(refused)).isEqualTo("FAILED");
		assertThat(this.jdbc.sql("select source_message_id from messages order by source_message_id")
			.query(String.class)
			.list()).containsExactly("m-1", "m-3");
	}

	@Test
	void contactsMessagesAroundAnotherKindOfEventKeepTheirOrder() {
		long[] ids = { store("c1", "m-1", "one"), store("c2", "n-1", "other"), echo("c1", "e-1", "echo"),
				store("c1", "m-2", "two") };

		this.inbox.processDue(WebhookInbox.BATCH_SIZE);

		for (long id : ids) {
			assertThat(status(id)).isEqualTo("DONE");
		}
		assertThat(this.jdbc.sql("""
				select e.payload -> 'content' ->> 'text' from events e
				where e.type = 'message.created'
				  and e.conversation_id = (select id from conversations where source_contact_id = 'c1')
				order by e.id""").query(String.class).list()).containsExactly("one", "echo", "two");
		assertThat(this.jdbc.sql("""
				select unread_count from conversations where source_contact_id = 'c1'""").query(Integer.class).single())
			.as("the business's message is not unread")
			.isEqualTo(2);
	}

	@Test
	void aMessageTheDatabaseRefusesFailsAloneWhileItsNeighboursAreStored() {
		long first = store("c1", "m-1", "one");
		// JSON that PostgreSQL's jsonb refuses: the set-based insert fails, and the
		// deliveries are applied again one by one
		long refused = store("c2", "m-2", "t\\u0000o");
		long last = store("c1", "m-3", "three");

		this.inbox.processDue(WebhookInbox.BATCH_SIZE);

		assertThat(status(first)).isEqualTo("DONE");
		assertThat(status(last)).isEqualTo("DONE");
		assertThat(status(refused)).isEqualTo("FAILED");
		assertThat(this.jdbc.sql("select source_message_id from messages order by source_message_id")
			.query(String.class)
			.list()).containsExactly("m-1", "m-3");
		assertThat(this.jdbc.sql("select unread_count from conversations where source_contact_id = 'c1'")
			.query(Integer.class)
			.single()).isEqualTo(2);
		assertThat(this.jdbc.sql("select count(*) from conversations where source_contact_id = 'c2'")
			.query(Long.class)
			.single()).as("nothing of the failed event stays").isZero();
	}

	private long echo(String contact, String mid, String text) {
		return this.inbox.store(FakeSource.SOURCE, "application/json",
				("{\"account\":\"acme\",\"contact\":\"" + contact + "\",\"mid\":\"" + mid + "\",\"text\":\"" + text
						+ "\",\"business\":true}")
					.getBytes(StandardCharsets.UTF_8));
	}

	private long store(String contact, String mid, String text) {
		return this.inbox.store(FakeSource.SOURCE, "application/json", ("{\"account\":\"acme\",\"contact\":\"" + contact
				+ "\",\"mid\":\"" + mid + "\",\"text\":\"" + text + "\"}")
			.getBytes(StandardCharsets.UTF_8));
	}

	private String status(long id) {
		return this.jdbc.sql("select status from webhook_events where id = :id")
			.param("id", id)
			.query(String.class)
			.single();
	}

	private int attempts(long id) {
		return this.jdbc.sql("select attempts from webhook_events where id = :id")
			.param("id", id)
			.query(Integer.class)
			.single();
	}

}

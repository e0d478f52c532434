package dev.switchboard.source.inbox;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.switchboard.FakeSource;
import dev.switchboard.IntegrationTests;
import dev.switchboard.StatementCounter;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What one inbound message costs the database: every SQL statement the webhook worker
 * prepares to process it, from the channel look-up to the event's completion.
 */
@Import(StatementCounter.class)
class InboundStatementsTests extends IntegrationTests {

	@Autowired
	private WebhookInbox inbox;

	@Autowired
	private WebhookWorker worker;

	@BeforeEach
	void processOnThisThread() {
		this.worker.stop();
	}

	@AfterEach
	void restartWorker() {
		this.worker.start();
	}

	@Test
	void aContactsMessageCostsAFewStatementsWhateverTheConversation() {
		this.api.admin();
		this.conversations.channel("acme");

		int first = statements("m-1");
		int next = statements("m-2");

		assertThat(this.jdbc.sql("select count(*) from messages").query(Long.class).single()).isEqualTo(2);
		// the claim (lock, read), channel, conversation (+ insert when new), lock,
		// message,
		// its event, the conversation's counters, its event, the completion
		assertThat(first).as("first message: the conversation is created").isLessThanOrEqualTo(11);
		assertThat(next).as("a message in an existing conversation").isLessThanOrEqualTo(10);
	}

	@Test
	void aBatchOfContactsMessagesCostsTheSameStatementsWhateverItsSize() {
		this.api.admin();
		this.conversations.channel("acme");

		// the first batch reads the channel into its cache
		batchStatements("w", 2, 1);
		int small = batchStatements("s", 10, 2);
		int large = batchStatements("l", 150, 40);
		System.out.println("Statements for batches of 10 and 150 inbound messages: " + small + ", " + large);

		assertThat(this.jdbc.sql("select count(*) from messages").query(Long.class).single()).isEqualTo(162);
		assertThat(this.jdbc.sql("select count(*) from conversations").query(Long.class).single()).isEqualTo(43);
		// the claim (lock, read); savepoint, conversations created and read, locks,
		// messages, their events, the conversations' counters, release; the
		// conversations' events; completion
		assertThat(large).isEqualTo(small).isLessThanOrEqualTo(14);
	}

	private int batchStatements(String prefix, int messages, int contacts) {
		for (int i = 0; i < messages; i++) {
			this.inbox.store(FakeSource.SOURCE, "application/json",
					("{\"account\":\"acme\",\"contact\":\"" + prefix + (i % contacts) + "\",\"mid\":\"" + prefix + "-"
							+ i + "\",\"text\":\"hi\"}")
						.getBytes(StandardCharsets.UTF_8));
		}
		StatementCounter.reset();
		assertThat(this.inbox.processDue(WebhookInbox.BATCH_SIZE)).isEqualTo(messages);
		return StatementCounter.count();
	}

	private int statements(String mid) {
		this.inbox.store(FakeSource.SOURCE, "application/json",
				("{\"account\":\"acme\",\"contact\":\"c1\",\"mid\":\"" + mid + "\",\"text\":\"hi\"}")
					.getBytes(StandardCharsets.UTF_8));
		StatementCounter.reset();
		assertThat(this.inbox.processDue(10)).isEqualTo(1);
		int count = StatementCounter.count();
		System.out.println("Statements for inbound message " + mid + ": " + count);
		return count;
	}

}

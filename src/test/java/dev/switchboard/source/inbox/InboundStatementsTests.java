package dev.switchboard.source.inbox;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.switchboard.workspace.WorkspaceService;
import dev.switchboard.Conversations;
import dev.switchboard.FakeSource;
import dev.switchboard.IntegrationTests;
import dev.switchboard.StatementCounter;
import dev.switchboard.channel.ChannelService;
import dev.switchboard.message.InboundMessages;

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
	private WorkspaceService workspaces;

	@Autowired
	private WebhookInbox inbox;

	@Autowired
	private WebhookWorker worker;

	@Autowired
	private ChannelService channels;

	@Autowired
	private InboundMessages inbound;

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
		new Conversations(this.channels, this.inbound, this.workspaces).channel("acme");

		int first = statements("m-1");
		int next = statements("m-2");

		assertThat(this.jdbc.sql("select count(*) from messages").query(Long.class).single()).isEqualTo(2);
		// channel, conversation (+ insert when new), lock, message, its event, the
		// conversation's counters, its event, the completion
		assertThat(first).as("first message: the conversation is created").isLessThanOrEqualTo(9);
		assertThat(next).as("a message in an existing conversation").isLessThanOrEqualTo(8);
	}

	@Test
	void inABatchAMessageCostsFewerStatementsThanOnItsOwn() {
		this.api.admin();
		new Conversations(this.channels, this.inbound, this.workspaces).channel("acme");
		for (int i = 0; i < 50; i++) {
			this.inbox.store(FakeSource.SOURCE, "application/json",
					("{\"account\":\"acme\",\"contact\":\"c" + (i % 5) + "\",\"mid\":\"b-" + i + "\",\"text\":\"hi\"}")
						.getBytes(StandardCharsets.UTF_8));
		}
		List<WebhookEvent> batch = this.inbox.claim(WebhookInbox.BATCH_SIZE);
		assertThat(batch).hasSize(50);
		StatementCounter.reset();
		this.inbox.process(batch);
		int count = StatementCounter.count();
		System.out.println("Statements for a batch of 50 inbound messages in 5 conversations: " + count);

		assertThat(this.jdbc.sql("select count(*) from messages").query(Long.class).single()).isEqualTo(50);
		// per message: conversation, lock, message, its event, the counters; per batch:
		// the five conversations' events and one completion
		assertThat(count).isLessThanOrEqualTo(50 * 6 + 10);
	}

	private int statements(String mid) {
		this.inbox.store(FakeSource.SOURCE, "application/json",
				("{\"account\":\"acme\",\"contact\":\"c1\",\"mid\":\"" + mid + "\",\"text\":\"hi\"}")
					.getBytes(StandardCharsets.UTF_8));
		List<WebhookEvent> events = this.inbox.claim(10);
		assertThat(events).hasSize(1);
		StatementCounter.reset();
		this.inbox.process(events.get(0));
		int count = StatementCounter.count();
		System.out.println("Statements for inbound message " + mid + ": " + count);
		return count;
	}

}

package dev.switchboard.message;

import dev.switchboard.IntegrationTests;
import dev.switchboard.StatementCounter;
import dev.switchboard.channel.ChannelView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;

import static dev.switchboard.Api.body;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What accepting one {@code messages.send} costs the database: every SQL statement the
 * request prepares, from the caller's membership to the delivery job.
 */
@Import(StatementCounter.class)
class SendStatementsTests extends IntegrationTests {

	@Autowired
	private DeliveryWorker worker;

	private String agent;

	private String conversationId;

	@BeforeEach
	void setUp() {
		// the worker's statements run on its own threads, but keep it quiet anyway
		this.worker.stop();
		this.agent = this.api.user(this.api.admin(), "agent");
		ChannelView channel = this.conversations.channel("acme");
		this.conversationId = this.conversations.inbound(channel, "c1", "Ada", "hi", null).conversationId().toString();
	}

	@AfterEach
	void restartWorker() {
		this.worker.start();
	}

	@Test
	void acceptingASendCostsAFewStatements() {
		send("warm up the caches");

		StatementCounter.reset();
		send("hello");
		int count = StatementCounter.count();
		System.out.println("Statements for one accepted messages.send: " + count);

		assertThat(this.jdbc.sql("select count(*) from delivery_jobs").query(Long.class).single()).isEqualTo(2);
		// the caller's conversation, its lock, the message, its job, its event and the
		// conversation's last message (the channel and the sender's name come from
		// caches)
		assertThat(count).isLessThanOrEqualTo(6);
	}

	private void send(String text) {
		assertThat(this.api
			.post("/messages.send", this.agent,
					body("conversation_id", this.conversationId, "message", body("text", text)))
			.status()).isEqualTo(200);
	}

}

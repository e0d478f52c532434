package dev.switchboard.message;

import java.time.Instant;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

import dev.switchboard.IntegrationTests;
import dev.switchboard.channel.ChannelView;
import dev.switchboard.message.DeliveryReport.Status;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static dev.switchboard.Api.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class DeliveryReportTests extends IntegrationTests {

	@Autowired
	private InboundMessages inbound;

	private ChannelView channel;

	private String agent;

	private String conversationId;

	@BeforeEach
	void setUp() {
		this.agent = this.api.user(this.api.admin(), "agent");
		this.channel = this.conversations.channel("acme");
		this.conversationId = this.conversations.inbound(this.channel, "c1", "Ada", "hi", null)
			.conversationId()
			.toString();
	}

	@Test
	void reportsOutOfOrderOrTwiceNeverMoveAMessageBackwards() {
		String mid = sentAndDelivered("hello");
		Instant at = Instant.parse("2026-11-21T10:00:00Z");

		assertThat(changes(report(mid, new DeliveryReport(Status.READ, at, null, null)))).isTrue();
		assertThat(changes(report(mid, new DeliveryReport(Status.DELIVERED, at, null, null)))).isFalse();
		assertThat(changes(report(mid, new DeliveryReport(Status.READ, at, null, null)))).isFalse();
		assertThat(changes(report(mid, new DeliveryReport(Status.FAILED, at, "late", null)))).isFalse();

		JsonNode message = metadata(mid);
		assertThat(message.path("source").path("status").asString()).isEqualTo("read");
		assertThat(message.path("source").path("read_at").asString()).isEqualTo("2026-11-21T10:00:00.000Z");
		assertThat(message.path("source").path("delivered_at").asString()).isEqualTo("2026-11-21T10:00:00.000Z");
	}

	@Test
	void aFailureBeforeDeliveryFailsTheMessageWithItsError() {
		String mid = sentAndDelivered("hello");

		this.inbound.apply(List.of(report(mid, new DeliveryReport(Status.SENT, Instant.now(), null, null))));
		this.inbound.apply(List.of(report(mid, new DeliveryReport(Status.FAILED, Instant.now(),
				"Twilio error 30003: unreachable", JsonNodeFactory.instance.objectNode().put("code", 30003)))));

		assertThat(deliveryState(mid)).isEqualTo("FAILED");
		assertThat(metadata(mid).path("error").asString()).contains("30003");
		assertThat(metadata(mid).path("source").path("error").path("code").asInt()).isEqualTo(30003);
	}

	@Test
	void watermarksMarkTheBusinessMessagesUpToThem() {
		String first = sentAndDelivered("one");
		Instant watermark = Instant.now().plusSeconds(1);

		this.inbound.apply(List.of(new Inbound.Receipt(account(), "c1", watermark, null, true)));

		JsonNode metadata = metadata(first);
		assertThat(metadata.path("source").path("read_at").isString()).isTrue();
		assertThat(metadata.path("source").path("delivered_at").isString()).isTrue();
	}

	@Test
	void metadataIsSetOnTheMessageNamedByThePlatformsId() {
		String mid = sentAndDelivered("hello");

		assertThat(changes(new Inbound.Annotation(account(), mid, List.of("reaction", "emoji"),
				JsonNodeFactory.instance.stringNode("❤"), null)))
			.isTrue();
		assertThat(changes(new Inbound.Annotation(account(), "unknown", List.of("x"),
				JsonNodeFactory.instance.stringNode("y"), null)))
			.isFalse();

		assertThat(metadata(mid).path("reaction").path("emoji").asString()).isEqualTo("❤");
	}

	private String sentAndDelivered(String text) {
		String id = this.api
			.post("/messages.send", this.agent,
					body("conversation_id", this.conversationId, "message", body("text", text)))
			.text("id");
		await().until(() -> deliveryState("fake-" + id) != null);
		return "fake-" + id;
	}

	private Inbound.Account account() {
		return new Inbound.Account(this.channel.source(), this.channel.sourceChannelId());
	}

	private Inbound.Report report(String mid, DeliveryReport report) {
		return new Inbound.Report(account(), mid, report, false);
	}

	/** Applies the event and says whether it changed a message (published its update). */
	private boolean changes(Inbound event) {
		long before = updates();
		this.inbound.apply(List.of(event));
		return updates() > before;
	}

	private long updates() {
		return this.jdbc.sql("select count(*) from events where type = 'message.updated'").query(Long.class).single();
	}

	private JsonNode metadata(String mid) {
		return this.json.readTree(this.jdbc.sql("select metadata::text from messages where source_message_id = :mid")
			.param("mid", mid)
			.query(String.class)
			.single());
	}

	private String deliveryState(String mid) {
		return this.jdbc.sql("select delivery_state from messages where source_message_id = :mid")
			.param("mid", mid)
			.query(String.class)
			.optional()
			.orElse(null);
	}

}

package dev.switchboard.message;

import java.time.Instant;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

import dev.switchboard.message.InboundMessages;
import dev.switchboard.Conversations;
import dev.switchboard.IntegrationTests;
import dev.switchboard.channel.ChannelService;
import dev.switchboard.channel.ChannelView;
import dev.switchboard.conversation.ConversationService;
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

	@Autowired
	private ChannelService channels;

	@Autowired
	private ConversationService conversations;

	@Autowired
	private MessageService messages;

	private ChannelView channel;

	private String agent;

	private String conversationId;

	@BeforeEach
	void setUp() {
		Conversations helper = new Conversations(this.channels, this.inbound);
		this.agent = this.api.user(this.api.admin(), "agent");
		this.channel = helper.channel("acme");
		this.conversationId = helper.inbound(this.channel, "c1", "Ada", "hi", null).conversationId().toString();
	}

	@Test
	void reportsOutOfOrderOrTwiceNeverMoveAMessageBackwards() {
		String mid = sentAndDelivered("hello");
		Instant at = Instant.parse("2026-11-21T10:00:00Z");

		assertThat(this.messages.report(this.channel.id(), mid, new DeliveryReport(Status.READ, at, null, null)))
			.isTrue();
		assertThat(this.messages.report(this.channel.id(), mid, new DeliveryReport(Status.DELIVERED, at, null, null)))
			.isFalse();
		assertThat(this.messages.report(this.channel.id(), mid, new DeliveryReport(Status.READ, at, null, null)))
			.isFalse();
		assertThat(this.messages.report(this.channel.id(), mid, new DeliveryReport(Status.FAILED, at, "late", null)))
			.isFalse();

		JsonNode message = this.messages.findBySourceId(this.channel.id(), mid).orElseThrow().metadata();
		assertThat(message.path("source").path("status").asString()).isEqualTo("read");
		assertThat(message.path("source").path("read_at").asString()).isEqualTo("2026-11-21T10:00:00.000Z");
		assertThat(message.path("source").path("delivered_at").asString()).isEqualTo("2026-11-21T10:00:00.000Z");
	}

	@Test
	void aFailureBeforeDeliveryFailsTheMessageWithItsError() {
		String mid = sentAndDelivered("hello");

		this.messages.report(this.channel.id(), mid, new DeliveryReport(Status.SENT, Instant.now(), null, null));
		this.messages.report(this.channel.id(), mid, new DeliveryReport(Status.FAILED, Instant.now(),
				"Twilio error 30003: unreachable", JsonNodeFactory.instance.objectNode().put("code", 30003)));

		MessageView message = this.messages.findBySourceId(this.channel.id(), mid).orElseThrow();
		assertThat(message.deliveryState()).isEqualTo("FAILED");
		assertThat(message.metadata().path("error").asString()).contains("30003");
		assertThat(message.metadata().path("source").path("error").path("code").asInt()).isEqualTo(30003);
	}

	@Test
	void watermarksMarkTheBusinessMessagesUpToThem() {
		String first = sentAndDelivered("one");
		Instant watermark = Instant.now().plusSeconds(1);

		this.messages.receiptUpTo(java.util.UUID.fromString(this.conversationId), watermark, true);

		JsonNode metadata = this.messages.findBySourceId(this.channel.id(), first).orElseThrow().metadata();
		assertThat(metadata.path("source").path("read_at").isString()).isTrue();
		assertThat(metadata.path("source").path("delivered_at").isString()).isTrue();
	}

	@Test
	void metadataIsSetOnTheMessageNamedByThePlatformsId() {
		String mid = sentAndDelivered("hello");

		assertThat(this.messages.setMetadata(this.channel.id(), mid, List.of("reaction", "emoji"),
				JsonNodeFactory.instance.stringNode("❤")))
			.isTrue();
		assertThat(this.messages.setMetadata(this.channel.id(), "unknown", List.of("x"),
				JsonNodeFactory.instance.stringNode("y")))
			.isFalse();

		assertThat(this.messages.findBySourceId(this.channel.id(), mid)
			.orElseThrow()
			.metadata()
			.path("reaction")
			.path("emoji")
			.asString()).isEqualTo("❤");
	}

	private String sentAndDelivered(String text) {
		String id = this.api
			.post("/messages.send", this.agent,
					body("conversation_id", this.conversationId, "message", body("text", text)))
			.text("id");
		await().until(() -> this.messages.findBySourceId(this.channel.id(), "fake-" + id).isPresent());
		return "fake-" + id;
	}

}

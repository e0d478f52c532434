package dev.switchboard.source.google;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

import dev.switchboard.message.DeliveryReport;
import dev.switchboard.message.Inbound;
import dev.switchboard.message.MessageContent;
import dev.switchboard.source.inbox.WebhookEvent;

import static org.assertj.core.api.Assertions.assertThat;

class GoogleWebhookHandlerTests {

	private static final Inbound.Account AGENT = new Inbound.Account("google", "c3b2a190-0000-4d5e-8f7a-6b5c4d3e2f1a");

	private static final String CONVERSATION = "7f0c1b2a-3d4e-5f60-7182-93a4b5c6d7e8";

	private static final Inbound.Contact ADA = new Inbound.Contact(CONVERSATION, "Ada Lovelace",
			"Google user 7f0c1b2a");

	private static final Instant RECEIVED = Instant.parse("2023-11-20T10:00:00Z");

	private final JsonMapper json = JsonMapper.builder()
		.propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	private final GoogleWebhookHandler handler = new GoogleWebhookHandler(this.json);

	@Test
	void aTextMessageIsTheContactsTextUnderItsMessageIdAndCreateTime() {
		String body = fixture("message-text.json");

		assertThat(translate(body)).containsExactly(new Inbound.Message(AGENT, ADA, Inbound.Sender.contact(),
				"5e6f7a8b-0000-4c1d-9e2f-3a4b5c6d7e8f", new MessageContent.Text("Hi, do you deliver on Sundays?"),
				this.json.readTree(body), Instant.parse("2023-11-20T09:01:44.123456Z")));
	}

	@Test
	void anImageMessageIsAnImageAtItsFileUrl() {
		String body = fixture("message-image.json");

		assertThat(translate(body)).containsExactly(
				new Inbound.Message(AGENT, ADA, Inbound.Sender.contact(), "6a7b8c9d-0000-4e1f-8a2b-3c4d5e6f7a8b",
						new MessageContent.Image("https://storage.googleapis.com/business-messages-media/photo-123.jpg",
								null, null, null, null),
						this.json.readTree(body), Instant.parse("2023-11-20T09:02:10.000001Z")));
	}

	@Test
	void anImagesAltTextIsItsName() {
		String body = fixture("message-image.json").replace("photo-123.jpg\"",
				"photo-123.jpg\", \"altText\": \"A parcel\"");

		assertThat(translate(body)).singleElement()
			.extracting((event) -> ((Inbound.Message) event).content())
			.isEqualTo(new MessageContent.Image("https://storage.googleapis.com/business-messages-media/photo-123.jpg",
					"A parcel", null, null, null));
	}

	@Test
	void aMessageWithoutCreateTimeIsSentAtTheEventsSendTime() {
		String body = fixture("message-image.json").replace("\"createTime\": \"2023-11-20T09:02:10.000001Z\",", "");

		assertThat(translate(body)).singleElement()
			.extracting((event) -> ((Inbound.Message) event).sentAt())
			.isEqualTo(Instant.parse("2023-11-20T09:02:10.200000Z"));
	}

	@Test
	void aMessageWithNeitherTextNorImageIsUnsupported() {
		String body = fixture("message-text.json").replace("\"text\": \"Hi, do you deliver on Sundays?\",", "");

		assertThat(translate(body)).singleElement()
			.extracting((event) -> ((Inbound.Message) event).content())
			.isEqualTo(new MessageContent.Unsupported());
	}

	@Test
	void aContactWithoutADisplayNameKeepsThePlaceholder() {
		String blank = fixture("message-text.json").replace("\"Ada Lovelace\"", "\" \"");
		String none = fixture("message-image.json")
			.replace("\"context\": {\"userInfo\": {\"displayName\": \"Ada Lovelace\"}},", "");

		for (String body : List.of(blank, none)) {
			assertThat(translate(body)).singleElement()
				.extracting((event) -> ((Inbound.Message) event).contact())
				.isEqualTo(new Inbound.Contact(CONVERSATION, null, "Google user 7f0c1b2a"));
		}
	}

	@Test
	void aSuggestionResponseIsAPostbackUnderTheRequestId() {
		String body = fixture("suggestion-response.json");

		assertThat(translate(body)).containsExactly(new Inbound.Message(AGENT, ADA, Inbound.Sender.contact(),
				"suggestion:req-suggestion-0003", new MessageContent.Postback("Track my order", "track-order"),
				this.json.readTree(body), Instant.parse("2023-11-20T09:03:00Z")));
	}

	@Test
	void aSuggestionResponseWithoutRequestIdIsNamedAfterItsMessage() {
		String body = fixture("suggestion-response.json").replace("\"requestId\": \"req-suggestion-0003\",", "");

		assertThat(translate(body)).singleElement()
			.extracting((event) -> ((Inbound.Message) event).sourceMessageId())
			.isEqualTo("suggestion:conversations/" + CONVERSATION + "/messages/7b8c9d0e-0000-4f1a-9b2c-3d4e5f6a7b8c");
	}

	@Test
	void aRequestForALiveAgentReopensTheConversation() {
		assertThat(translate(fixture("requested-live-agent.json"))).containsExactly(new Inbound.Reopen(AGENT, ADA));
	}

	@Test
	void receiptsReportOnOurMessagesAndAwaitTheirSendForAFewAttempts() {
		String id = "0b9a8c7d-6e5f-4a3b-2c1d-0e9f8a7b6c5d";

		List<Inbound> first = translate(receipt(id, "READ"), 1);
		List<Inbound> last = translate(receipt(id, "DELIVERED"), GoogleWebhookHandler.RECEIPT_ATTEMPTS);

		DeliveryReport read = new DeliveryReport(DeliveryReport.Status.READ, Instant.parse("2023-11-20T09:05:00Z"),
				null, null);
		DeliveryReport delivered = new DeliveryReport(DeliveryReport.Status.DELIVERED,
				Instant.parse("2023-11-20T09:05:00Z"), null, null);
		assertThat(first).containsExactly(new Inbound.Report(AGENT, id, read, true));
		assertThat(last).containsExactly(new Inbound.Report(AGENT, id, delivered, false));
	}

	@Test
	void aReceiptForAMessageNotOursNeverAwaitsItsSend() {
		assertThat(translate(receipt("google-side-id", "READ"), 1))
			.containsExactly(new Inbound.Report(AGENT, "google-side-id",
					new DeliveryReport(DeliveryReport.Status.READ, Instant.parse("2023-11-20T09:05:00Z"), null, null),
					false));
	}

	@Test
	void aReceiptWithoutTimeIsDatedWhenTheEventArrived() {
		String id = "0b9a8c7d-6e5f-4a3b-2c1d-0e9f8a7b6c5d";
		String body = receipt(id, "DELIVERED").replace("\"createTime\": \"2023-11-20T09:05:00.000000Z\"",
				"\"createTime\": \"yesterday\"");

		assertThat(translate(body)).containsExactly(new Inbound.Report(AGENT, id,
				new DeliveryReport(DeliveryReport.Status.DELIVERED, RECEIVED, null, null), true));
	}

	@Test
	void receiptsOfOtherTypesOrWithoutAMessageAreSkipped() {
		assertThat(translate(receipt("0b9a8c7d-6e5f-4a3b-2c1d-0e9f8a7b6c5d", "SENT"))).isEmpty();
		assertThat(translate(receipt("", "READ"))).isEmpty();
	}

	@Test
	void theVerificationCallAndEventsWithoutAConversationCarryNothing() {
		assertThat(translate(fixture("verification.json"))).isEmpty();
		assertThat(translate(fixture("message-text.json").replace(CONVERSATION, ""))).isEmpty();
	}

	private List<Inbound> translate(String body) {
		return translate(body, 1);
	}

	private List<Inbound> translate(String body, int attempt) {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		return this.handler.translate(this.json.readValue(bytes, this.handler.payloadType()),
				new WebhookEvent(1, "google", "application/json", bytes, RECEIVED, attempt));
	}

	private static String receipt(String messageId, String type) {
		return fixture("receipts.json").replace("{{MESSAGE_ID}}", messageId).replace("{{RECEIPT_TYPE}}", type);
	}

	private static String fixture(String name) {
		try (var in = GoogleWebhookHandlerTests.class.getResourceAsStream("/fixtures/google/" + name)) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}

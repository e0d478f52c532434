package dev.switchboard.source.whatsapp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

import dev.switchboard.message.DeliveryReport;
import dev.switchboard.message.Inbound;
import dev.switchboard.message.MessageContent;
import dev.switchboard.source.inbox.WebhookEvent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The handler only maps: recorded deliveries become these events, nothing else.
 */
class WhatsAppWebhookHandlerTests {

	private static final String PHONE_NUMBER_ID = "106540352242922";

	private static final String WA_ID = "16505551234";

	private static final Inbound.Account ACCOUNT = new Inbound.Account("whatsapp", PHONE_NUMBER_ID);

	private static final Inbound.Contact SHEENA = Inbound.Contact.named(WA_ID, "Sheena Nelson");

	private final JsonMapper json = JsonMapper.builder()
		.propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	private final WhatsAppWebhookHandler handler = new WhatsAppWebhookHandler();

	@Test
	void aTextIsAMessageFromTheContactNamedByTheirProfile() {
		String body = fixture("whatsapp-text.json", "PHONE_NUMBER_ID", PHONE_NUMBER_ID, "WA_ID", WA_ID, "WAMID",
				"wamid.hello", "TIMESTAMP", "1700000200");

		assertThat(translate(body)).containsExactly(
				new Inbound.Message(ACCOUNT, SHEENA, Inbound.Sender.contact("Sheena Nelson"), "wamid.hello",
						new MessageContent.Text("Hello!"), message(body, 0), Instant.parse("2023-11-14T22:16:40Z")));
	}

	@Test
	void everyMessageKindBecomesTypedContentWithTheRawMessageAsSourceContent() {
		String body = fixture("whatsapp-messages.json", "PHONE_NUMBER_ID", PHONE_NUMBER_ID);
		List<MessageContent> contents = List.of(new MessageContent.Text("Does it come in another color?"),
				new MessageContent.Image(null, null, "This one", "1003383421387256", "image/jpeg"),
				new MessageContent.Audio(null, null, null, "1003383421387257", "audio/ogg; codecs=opus"),
				new MessageContent.Video(null, null, null, "1003383421387258", "video/mp4"),
				new MessageContent.File(null, "invoice.pdf", "Invoice", "1003383421387259", "application/pdf"),
				new MessageContent.Image(null, null, null, "1003383421387260", "image/webp"),
				new MessageContent.Location(37.483307, -122.148981, "Main Street Beach"),
				new MessageContent.Text("Shared contact: Barbara Johnson, +1 (940) 555-1234"),
				new MessageContent.Postback("Change", "change-button"),
				new MessageContent.Postback("Express Shipping", "priority-express"),
				new MessageContent.Postback("Stop promotions", "STOP_PROMOTIONS"), new MessageContent.Unsupported());
		List<String> wamids = List.of("wamid.text", "wamid.image", "wamid.audio", "wamid.video", "wamid.document",
				"wamid.sticker", "wamid.location", "wamid.contacts", "wamid.button_reply", "wamid.list_reply",
				"wamid.button", "wamid.unsupported");
		List<Inbound> expected = new ArrayList<>();
		for (int i = 0; i < contents.size(); i++) {
			expected.add(new Inbound.Message(ACCOUNT, SHEENA, Inbound.Sender.contact("Sheena Nelson"), wamids.get(i),
					contents.get(i), message(body, i), Instant.ofEpochSecond(1700000100 + i)));
		}

		assertThat(translate(body)).containsExactlyElementsOf(expected);
	}

	@Test
	void theRawMessageKeepsWhatIsNotMapped() {
		String body = fixture("whatsapp-messages.json", "PHONE_NUMBER_ID", PHONE_NUMBER_ID);

		Inbound.Message unsupported = (Inbound.Message) translate(body).get(11);

		assertThat(unsupported.sourceContent().path("unsupported").path("type").asString()).isEqualTo("edit");
		assertThat(unsupported.sourceContent().path("errors").path(0).path("code").asInt()).isEqualTo(131051);
	}

	@Test
	void aMessageFromAContactWithoutProfileHasNoName() {
		String body = fixture("whatsapp-text.json", "PHONE_NUMBER_ID", PHONE_NUMBER_ID, "WA_ID", WA_ID, "WAMID",
				"wamid.hello", "TIMESTAMP", "1700000200")
			.replace("\"name\": \"Sheena Nelson\"", "\"name\": \" \"");

		Inbound.Message message = (Inbound.Message) translate(body).get(0);

		assertThat(message.contact()).isEqualTo(Inbound.Contact.of(WA_ID));
		assertThat(message.sender()).isEqualTo(Inbound.Sender.contact());
	}

	@Test
	void aNumericTimestampIsEpochSecondsToo() {
		String body = fixture("whatsapp-text.json", "PHONE_NUMBER_ID", PHONE_NUMBER_ID, "WA_ID", WA_ID, "WAMID",
				"wamid.hello")
			.replace("\"{{TIMESTAMP}}\"", "1700000200");

		assertThat(((Inbound.Message) translate(body).get(0)).sentAt()).isEqualTo(Instant.ofEpochSecond(1700000200));
	}

	@Test
	void aReactionAnnotatesTheMessageItNamesAndAnEmptyOneRemovesIt() {
		String body = fixture("whatsapp-reaction.json", "PHONE_NUMBER_ID", PHONE_NUMBER_ID, "WAMID", "wamid.reply");

		assertThat(translate(body)).containsExactly(
				new Inbound.Annotation(ACCOUNT, "wamid.reply", List.of("reaction"),
						JsonNodeFactory.instance.objectNode()
							.put("emoji", "\uD83D\uDC4D")
							.put("sent_at", "2023-11-14T22:21:40Z"),
						null),
				new Inbound.Annotation(ACCOUNT, "wamid.reply", List.of("reaction"), JsonNodeFactory.instance.nullNode(),
						null));
	}

	@Test
	void aStatusIsAReportThatDoesNotWaitForTheSend() {
		String body = fixture("whatsapp-status.json", "PHONE_NUMBER_ID", PHONE_NUMBER_ID, "WAMID", "wamid.reply",
				"STATUS", "read", "TIMESTAMP", "1700000400");

		assertThat(translate(body)).containsExactly(new Inbound.Report(ACCOUNT, "wamid.reply",
				new DeliveryReport(DeliveryReport.Status.READ, Instant.parse("2023-11-14T22:20:00Z"), null, null),
				false));
	}

	@Test
	void aFailedStatusCarriesTheErrorsTitleAndDetailsAndTheRawErrors() {
		String body = fixture("whatsapp-status-failed.json", "PHONE_NUMBER_ID", PHONE_NUMBER_ID, "WAMID",
				"wamid.doomed");
		JsonNode errors = this.json.readTree(body).at("/entry/0/changes/0/value/statuses/0/errors");

		assertThat(translate(body)).containsExactly(new Inbound.Report(
				ACCOUNT, "wamid.doomed", new DeliveryReport(DeliveryReport.Status.FAILED,
						Instant.parse("2023-11-14T22:18:20Z"), "Message undeliverable: Message Undeliverable.", errors),
				false));
		assertThat(errors.path(0).path("href").isString()).isTrue();
	}

	@Test
	void unknownStatusesAndOtherFieldsAreSkipped() {
		String status = fixture("whatsapp-status.json", "PHONE_NUMBER_ID", PHONE_NUMBER_ID, "WAMID", "wamid.reply",
				"STATUS", "deleted", "TIMESTAMP", "1700000400");
		String otherField = fixture("whatsapp-text.json", "PHONE_NUMBER_ID", PHONE_NUMBER_ID, "WA_ID", WA_ID, "WAMID",
				"wamid.hello", "TIMESTAMP", "1700000200")
			.replace("\"field\": \"messages\"", "\"field\": \"message_template_status_update\"");

		assertThat(translate(status)).isEmpty();
		assertThat(translate(otherField)).isEmpty();
	}

	private List<Inbound> translate(String body) {
		WhatsAppPayload payload = this.json.readValue(body.getBytes(StandardCharsets.UTF_8), WhatsAppPayload.class);
		return this.handler.translate(payload, new WebhookEvent(1, "whatsapp", "application/json",
				body.getBytes(StandardCharsets.UTF_8), Instant.parse("2023-11-14T22:30:00Z"), 1));
	}

	private JsonNode message(String body, int index) {
		return this.json.readTree(body).at("/entry/0/changes/0/value/messages/" + index);
	}

	private static String fixture(String name, String... replacements) {
		try (InputStream in = WhatsAppWebhookHandlerTests.class.getResourceAsStream("/fixtures/meta/" + name)) {
			String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			for (int i = 0; i < replacements.length; i += 2) {
				text = text.replace("{{" + replacements[i] + "}}", replacements[i + 1]);
			}
			return text;
		}
		catch (IOException ex) {
			throw new IllegalStateException("No fixture " + name, ex);
		}
	}

}

package dev.switchboard.source.facebook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

import dev.switchboard.message.Inbound;
import dev.switchboard.message.Inbound.Account;
import dev.switchboard.message.Inbound.Annotation;
import dev.switchboard.message.Inbound.Contact;
import dev.switchboard.message.Inbound.Receipt;
import dev.switchboard.message.Inbound.Sender;
import dev.switchboard.message.MessageContent;
import dev.switchboard.source.inbox.WebhookEvent;
import dev.switchboard.source.meta.MetaFixtures;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The handler only maps: recorded deliveries in, the exact inbound events out.
 */
class MessengerWebhookHandlerTests {

	private static final String PAGE_ID = "106209208891455";

	private static final String ACCOUNT_ID = "17841405822304914";

	private static final String PSID = "6543210987654321";

	private static final String IGSID = "3521008457231569";

	private static final String APP_ID = "1517776481860111";

	private static final Account PAGE = new Account("facebook", PAGE_ID);

	private static final Account INSTAGRAM = new Account("instagram", ACCOUNT_ID);

	private final JsonMapper json = JsonMapper.builder()
		.propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	private final MessengerWebhookHandler facebook = new MessengerWebhookHandler("facebook", APP_ID);

	private final MessengerWebhookHandler instagram = new MessengerWebhookHandler("instagram", APP_ID);

	@Test
	void aTextIsAMessageOfTheContactWithTheItemAsSourceContent() {
		String body = fixture("messenger-text.json", "PAGE_ID", PAGE_ID, "PSID", PSID, "MID", "m_hello");

		assertThat(translate(this.facebook, body))
			.containsExactly(new Inbound.Message(PAGE, Contact.of(PSID), Sender.contact(), "m_hello",
					new MessageContent.Text("hello, world!"), item(body, 0, 0), Instant.parse("2023-11-14T22:13:20Z")));
	}

	@Test
	void eachAttachmentIsAMessageOfItsOwnAMicrosecondAfterTheLast() {
		String body = fixture("messenger-attachments.json", "PAGE_ID", PAGE_ID, "PSID", PSID);
		JsonNode attachments = item(body, 0, 0);
		Instant sent = Instant.ofEpochMilli(1700000001000L);

		assertThat(translate(this.facebook, body)).containsExactly(message(PAGE, "m_attachments",
				MessageContent.Media.of("image", "https://cdn.example.com/image.jpg", null, null), attachments, sent),
				message(PAGE, "m_attachments#1",
						MessageContent.Media.of("video", "https://cdn.example.com/video.mp4", null, null), attachments,
						sent.plusNanos(1000)),
				message(PAGE, "m_attachments#2",
						MessageContent.Media.of("audio", "https://cdn.example.com/audio.mp4", null, null), attachments,
						sent.plusNanos(2000)),
				message(PAGE, "m_attachments#3",
						MessageContent.Media.of("file", "https://cdn.example.com/report.pdf", null, null), attachments,
						sent.plusNanos(3000)),
				message(PAGE, "m_location", new MessageContent.Location(52.520008, 13.404954, "Pinned Location"),
						item(body, 0, 1), Instant.ofEpochMilli(1700000002000L)));
	}

	@Test
	void quickRepliesAndPostbacksArePostbacks() {
		String body = fixture("messenger-quick-reply-and-postback.json", "PAGE_ID", PAGE_ID, "PSID", PSID);

		assertThat(translate(this.facebook, body)).containsExactly(
				message(PAGE, "m_quick_reply", new MessageContent.Postback("Red", "COLOR_RED"), item(body, 0, 0),
						Instant.ofEpochMilli(1700000003000L)),
				message(PAGE, "m_postback", new MessageContent.Postback("Get Started", "GET_STARTED"), item(body, 0, 1),
						Instant.ofEpochMilli(1700000004000L)));
	}

	@Test
	void anUnknownAttachmentIsUnsupported() {
		String body = fixture("messenger-unknown.json", "PAGE_ID", PAGE_ID, "PSID", PSID);

		assertThat(translate(this.facebook, body)).containsExactly(message(PAGE, "m_fallback",
				new MessageContent.Unsupported(), item(body, 0, 0), Instant.ofEpochMilli(1700000011000L)));
	}

	@Test
	void aReactionAnnotatesTheMessageWithItsDecodedEmojiAndAnUnreactRemovesIt() {
		String react = fixture("messenger-reaction.json", "PAGE_ID", PAGE_ID, "PSID", PSID, "MID", "m_liked", "ACTION",
				"react");
		String unreact = fixture("messenger-reaction.json", "PAGE_ID", PAGE_ID, "PSID", PSID, "MID", "m_liked",
				"ACTION", "unreact");

		assertThat(translate(this.facebook, react)).containsExactly(new Annotation(PAGE, "m_liked", List.of("reaction"),
				JsonNodeFactory.instance.objectNode()
					.put("emoji", "\u2764\uFE0F")
					.put("reaction", "love")
					.put("sent_at", "2023-11-14T22:13:25Z"),
				null));
		assertThat(translate(this.facebook, unreact)).containsExactly(
				new Annotation(PAGE, "m_liked", List.of("reaction"), JsonNodeFactory.instance.nullNode(), null));
	}

	@Test
	void deliveryAndReadReceiptsNameTheirWatermark() {
		String delivery = fixture("messenger-delivery.json", "PAGE_ID", PAGE_ID, "PSID", PSID, "MID", "m_reply",
				"WATERMARK", "1700000007000");
		String read = fixture("messenger-read.json", "PAGE_ID", PAGE_ID, "PSID", PSID, "WATERMARK", "1700000008000");

		assertThat(translate(this.facebook, delivery))
			.containsExactly(new Receipt(PAGE, PSID, Instant.ofEpochMilli(1700000007000L), null, false));
		assertThat(translate(this.facebook, read))
			.containsExactly(new Receipt(PAGE, PSID, Instant.ofEpochMilli(1700000008000L), null, true));
	}

	@Test
	void anInstagramReadReceiptNamesTheMessageRead() {
		String body = "{\"object\":\"instagram\",\"entry\":[{\"id\":\"" + ACCOUNT_ID + "\",\"time\":1700000015500,"
				+ "\"messaging\":[{\"sender\":{\"id\":\"" + IGSID + "\"},\"recipient\":{\"id\":\"" + ACCOUNT_ID
				+ "\"},\"timestamp\":1700000015000,\"read\":{\"mid\":\"ig_read\"}}]}]}";

		assertThat(translate(this.instagram, body))
			.containsExactly(new Receipt(INSTAGRAM, IGSID, null, "ig_read", true));
	}

	@Test
	void anEchoOfOurOwnAppIsNothing() {
		String body = fixture("messenger-echo.json", "PAGE_ID", PAGE_ID, "PSID", PSID, "APP_ID", APP_ID, "MID",
				"m_ours", "TEXT", "sent by us");

		assertThat(translate(this.facebook, body)).isEmpty();
	}

	@Test
	void anEchoOfAnotherAppIsABusinessMessageFromThatAppToTheRecipient() {
		String body = fixture("messenger-echo.json", "PAGE_ID", PAGE_ID, "PSID", PSID, "APP_ID", "263902037430900",
				"MID", "m_other_app", "TEXT", "sent by another app");

		assertThat(translate(this.facebook, body)).containsExactly(new Inbound.Message(PAGE, Contact.of(PSID),
				Sender.business("263902037430900"), "m_other_app", new MessageContent.Text("sent by another app"),
				item(body, 0, 0), Instant.ofEpochMilli(1700000006000L)));
	}

	@Test
	void anEchoOfThePageInboxIsABusinessMessageFromThePage() {
		String body = fixture("messenger-echo-page-inbox.json", "PAGE_ID", PAGE_ID, "PSID", PSID, "MID", "m_inbox");

		assertThat(translate(this.facebook, body)).containsExactly(new Inbound.Message(PAGE, Contact.of(PSID),
				Sender.business(PAGE_ID), "m_inbox", new MessageContent.Text("Answered from the page inbox"),
				item(body, 0, 0), Instant.ofEpochMilli(1700000007000L)));
	}

	@Test
	void everyEntryOfABatchIsTranslatedForItsOwnPage() {
		String body = fixture("messenger-batch.json", "PAGE_ID", PAGE_ID);

		assertThat(translate(this.facebook, body)).containsExactly(
				new Inbound.Message(PAGE, Contact.of("1111111111111111"), Sender.contact(), "m_batch_1",
						new MessageContent.Text("first"), item(body, 0, 0), Instant.ofEpochMilli(1700000010000L)),
				new Inbound.Message(PAGE, Contact.of("2222222222222222"), Sender.contact(), "m_batch_2",
						new MessageContent.Text("second"), item(body, 0, 1), Instant.ofEpochMilli(1700000010100L)),
				new Inbound.Message(new Account("facebook", "999999999999"), Contact.of("3333333333333333"),
						Sender.contact(), "m_batch_other_page", new MessageContent.Text("not ours"), item(body, 1, 0),
						Instant.ofEpochMilli(1700000010200L)),
				new Inbound.Message(PAGE, Contact.of("1111111111111111"), Sender.contact(), "m_batch_3",
						new MessageContent.Text("third"), item(body, 2, 0), Instant.ofEpochMilli(1700000010300L)));
	}

	@Test
	void anInstagramMessageIsForTheInstagramAccountWhicheverWebhookItCameTo() {
		String body = fixture("instagram-text.json", "ACCOUNT_ID", ACCOUNT_ID, "IGSID", IGSID, "MID", "ig_1");
		Inbound.Message expected = new Inbound.Message(INSTAGRAM, Contact.of(IGSID), Sender.contact(), "ig_1",
				new MessageContent.Text("hi from Instagram"), item(body, 0, 0), Instant.ofEpochMilli(1700000012000L));

		assertThat(translate(this.instagram, body)).containsExactly(expected);
		assertThat(translate(this.facebook, body)).containsExactly(expected);
	}

	@Test
	void anUnsentInstagramMessageMarksItDeletedOrIsKeptAsUnsupported() {
		String body = fixture("instagram-deleted.json", "ACCOUNT_ID", ACCOUNT_ID, "IGSID", IGSID, "MID", "ig_3");

		assertThat(translate(this.instagram, body)).containsExactly(
				new Annotation(INSTAGRAM, "ig_3", List.of("deleted"), JsonNodeFactory.instance.booleanNode(true),
						new Inbound.Message(INSTAGRAM, Contact.of(IGSID), Sender.contact(), "ig_3",
								new MessageContent.Unsupported(), item(body, 0, 0),
								Instant.ofEpochMilli(1700000013000L))));
	}

	@Test
	void anInstagramEchoWithoutAppIdIsABusinessMessageFromTheAccount() {
		String body = fixture("instagram-echo.json", "ACCOUNT_ID", ACCOUNT_ID, "IGSID", IGSID, "MID", "ig_echo", "TEXT",
				"on it");

		assertThat(translate(this.instagram, body))
			.containsExactly(new Inbound.Message(INSTAGRAM, Contact.of(IGSID), Sender.business(ACCOUNT_ID), "ig_echo",
					new MessageContent.Text("on it"), item(body, 0, 0), Instant.ofEpochMilli(1700000014000L)));
	}

	@Test
	void anEventWithoutMidIsIdentifiedByTheHashOfItsJsonText() {
		String optin = "{\"sender\":{\"id\":\"" + PSID + "\"},\"recipient\":{\"id\":\"" + PAGE_ID
				+ "\"},\"timestamp\":1700000016000,\"optin\":{\"ref\":\"landing\"}}";
		String postback = "{\"sender\":{\"id\":\"" + PSID + "\"},\"recipient\":{\"id\":\"" + PAGE_ID
				+ "\"},\"timestamp\":1700000017000,\"postback\":{\"title\":\"Start\",\"payload\":\"START\"}}";
		String fromThePage = "{\"sender\":{\"id\":\"" + PAGE_ID + "\"},\"recipient\":{\"id\":\"" + PSID
				+ "\"},\"timestamp\":1700000018000,\"optin\":{\"ref\":\"ours\"}}";
		String body = "{\"object\":\"page\",\"entry\":[{\"id\":\"" + PAGE_ID + "\",\"time\":1700000018500,"
				+ "\"messaging\":[" + optin + ",\n  " + postback + ",\n  " + fromThePage + "]}]}";

		assertThat(translate(this.facebook, body)).containsExactly(
				message(PAGE, fingerprint(optin), new MessageContent.Unsupported(), this.json.readTree(optin),
						Instant.ofEpochMilli(1700000016000L)),
				message(PAGE, fingerprint(postback), new MessageContent.Postback("Start", "START"),
						this.json.readTree(postback), Instant.ofEpochMilli(1700000017000L)));
	}

	private List<Inbound> translate(MessengerWebhookHandler handler, String body) {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		MessengerPayload payload = this.json.readValue(bytes, handler.payloadType());
		return handler.translate(payload,
				new WebhookEvent(1, handler.source(), "application/json", bytes, Instant.now(), 1));
	}

	/** A messaging item of a body, as the message keeps it. */
	private JsonNode item(String body, int entry, int item) {
		return this.json.readTree(body).path("entry").get(entry).path("messaging").get(item);
	}

	private static Inbound.Message message(Account account, String mid, MessageContent content, JsonNode raw,
			Instant sentAt) {
		return new Inbound.Message(account, Contact.of(account.source().equals("instagram") ? IGSID : PSID),
				Sender.contact(), mid, content, raw, sentAt);
	}

	/** The id earlier deliveries of an id-less item were stored under. */
	private static String fingerprint(String compactJson) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(compactJson.getBytes(StandardCharsets.UTF_8));
			return "event:" + HexFormat.of().formatHex(digest, 0, 16);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String fixture(String name, String... replacements) {
		return MetaFixtures.read(name, replacements);
	}

}

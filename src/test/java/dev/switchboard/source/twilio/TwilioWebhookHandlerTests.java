package dev.switchboard.source.twilio;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.switchboard.message.DeliveryReport;
import dev.switchboard.message.Inbound;
import dev.switchboard.message.MessageContent;
import dev.switchboard.source.inbox.WebhookEvent;

import org.springframework.core.io.ClassPathResource;
import org.springframework.http.converter.FormHttpMessageConverter;
import org.springframework.mock.http.MockHttpInputMessage;
import org.springframework.util.MultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;

class TwilioWebhookHandlerTests {

	private static final Instant RECEIVED = Instant.parse("2024-05-01T10:15:30.123456Z");

	private static final Inbound.Account SMS = new Inbound.Account("twilio.sms", "+15017122661");

	private static final String MMS_SID = "MM2a1c9b8e7f6d5c4b3a2918f7e6d5c4b3";

	private static final String MEDIA = "https://api.twilio.com/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef"
			+ "/Messages/" + MMS_SID + "/Media/ME0000000000000000000000000000000";

	private final TwilioWebhookHandler handler = new TwilioWebhookHandler();

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void readsTwiliosFormPosts() {
		assertThat(this.handler.source()).isEqualTo("twilio");
		assertThat(this.handler.payloadType()).isEqualTo(MultiValueMap.class);
	}

	@Test
	void anSmsIsATextMessageFromTheNumberKeepingEveryFormParameter() throws IOException {
		List<Inbound> events = translate(fixture("inbound-sms.form"), 1);

		JsonNode parameters = this.json.readTree("""
				{"ToCountry": "US", "ToState": "CA", "SmsMessageSid": "SM1f0e8ae6ade43cb3c0ce4525424e404f",
				 "NumMedia": "0", "ToCity": "SAN FRANCISCO", "FromZip": "94105",
				 "SmsSid": "SM1f0e8ae6ade43cb3c0ce4525424e404f", "FromState": "CA", "SmsStatus": "received",
				 "FromCity": "SAN FRANCISCO", "Body": "Ahoy! Is my order on its way?", "FromCountry": "US",
				 "To": "+15017122661", "ToZip": "94105", "NumSegments": "1",
				 "MessageSid": "SM1f0e8ae6ade43cb3c0ce4525424e404f", "AccountSid": "AC0123456789abcdef0123456789abcdef",
				 "From": "+15558675310", "ApiVersion": "2010-04-01"}""");
		assertThat(events).containsExactly(new Inbound.Message(SMS, Inbound.Contact.of("+15558675310"),
				Inbound.Sender.contact(), "SM1f0e8ae6ade43cb3c0ce4525424e404f",
				new MessageContent.Text("Ahoy! Is my order on its way?"), parameters, RECEIVED));
	}

	@Test
	void anMmsIsOneMessagePerMediaInTwiliosOrderTheFirstWithTheBodyAsCaption() throws IOException {
		List<Inbound> events = translate(fixture("inbound-mms.form"), 1);

		assertThat(events).hasSize(3).allSatisfy((event) -> {
			Inbound.Message message = (Inbound.Message) event;
			assertThat(message.account()).isEqualTo(SMS);
			assertThat(message.contact()).isEqualTo(Inbound.Contact.of("+15558675310"));
			assertThat(message.sender()).isEqualTo(Inbound.Sender.contact());
			assertThat(message.sourceContent().path("MediaUrl2").asString()).isEqualTo(MEDIA + "c");
			assertThat(message.sourceContent().path("NumMedia").asString()).isEqualTo("3");
		});
		List<Inbound.Message> messages = events.stream().map(Inbound.Message.class::cast).toList();
		assertThat(messages).extracting(Inbound.Message::sourceMessageId)
			.containsExactly(MMS_SID, MMS_SID + "#1", MMS_SID + "#2");
		assertThat(messages).extracting(Inbound.Message::content)
			.containsExactly(MessageContent.Media.of("image", MEDIA + "a", null, "The parcel arrived damaged"),
					MessageContent.Media.of("image", MEDIA + "b", null, null),
					MessageContent.Media.of("video", MEDIA + "c", null, null));
		assertThat(messages).extracting(Inbound.Message::sentAt)
			.containsExactly(RECEIVED, RECEIVED.plusNanos(1000), RECEIVED.plusNanos(2000));
	}

	@Test
	void aWhatsappMessageNamesTheContactAfterTheProfileReplacingTheirNumber() throws IOException {
		List<Inbound> events = translate(fixture("inbound-whatsapp.form"), 1);

		assertThat(events).singleElement().satisfies((event) -> {
			Inbound.Message message = (Inbound.Message) event;
			assertThat(message.account()).isEqualTo(new Inbound.Account("twilio.whatsapp", "whatsapp:+14155238886"));
			assertThat(message.contact())
				.isEqualTo(new Inbound.Contact("whatsapp:+15558675310", "Grace Hopper", "+15558675310"));
			assertThat(message.sourceMessageId()).isEqualTo("SM7b3c1e2d4f5a6b7c8d9e0f1a2b3c4d5e");
			assertThat(message.content()).isEqualTo(new MessageContent.Text("Hello from WhatsApp"));
			assertThat(message.sourceContent().path("WaId").asString()).isEqualTo("15558675310");
			assertThat(message.sentAt()).isEqualTo(RECEIVED);
		});
	}

	@Test
	void aWhatsappLocationOrButtonReplyIsTypedAndAnythingElseIsUnsupported() throws IOException {
		String whatsapp = new String(fixture("inbound-whatsapp.form"), StandardCharsets.UTF_8).strip();

		assertThat(content(whatsapp + "&Latitude=52.3676&Longitude=4.9041&Label=Dam+Square&Address=Dam+1"))
			.isEqualTo(new MessageContent.Location(52.3676, 4.9041, "Dam Square"));
		assertThat(content(whatsapp + "&Latitude=52.3676&Longitude=4.9041&Address=Dam+1"))
			.isEqualTo(new MessageContent.Location(52.3676, 4.9041, "Dam 1"));
		assertThat(content(whatsapp + "&Latitude=north&Longitude=4.9041")).isEqualTo(new MessageContent.Unsupported());
		assertThat(content(whatsapp + "&ButtonPayload=track-order&ButtonText=Track+my+order"))
			.isEqualTo(new MessageContent.Postback("Track my order", "track-order"));
		assertThat(content(whatsapp + "&ButtonPayload=track-order"))
			.isEqualTo(new MessageContent.Postback("Hello from WhatsApp", "track-order"));
		assertThat(content(whatsapp.replace("Body=Hello+from+WhatsApp", "Body=")))
			.isEqualTo(new MessageContent.Unsupported());
		assertThat(content(whatsapp.replace("NumMedia=0", "NumMedia=1")
				+ "&MediaContentType0=application%2Fpdf&MediaUrl0=https%3A%2F%2Fexample.com%2Fa.pdf"))
			.isEqualTo(MessageContent.Media.of("file", "https://example.com/a.pdf", null, "Hello from WhatsApp"));
	}

	@Test
	void aMessageWithoutSenderOrSidCarriesNothing() throws IOException {
		String sms = new String(fixture("inbound-sms.form"), StandardCharsets.UTF_8).strip();

		assertThat(translate(sms.replace("From=%2B15558675310", "From="), 1)).isEmpty();
		assertThat(translate(sms.replace("MessageSid=", "Other=").replace("SmsSid=", "Other="), 1)).isEmpty();
	}

	@Test
	void aStatusCallbackReportsOnTheSentMessageAwaitingItsSendForAFewAttempts() throws IOException {
		String delivered = statusCallback("delivered");

		assertThat(translate(delivered, 1)).containsExactly(new Inbound.Report(SMS, "SM0001",
				new DeliveryReport(DeliveryReport.Status.DELIVERED, RECEIVED, null, null), true));
		assertThat(translate(delivered, TwilioWebhookHandler.CALLBACK_ATTEMPTS - 1))
			.extracting((event) -> ((Inbound.Report) event).awaitSend())
			.containsExactly(true);
		assertThat(translate(delivered, TwilioWebhookHandler.CALLBACK_ATTEMPTS))
			.extracting((event) -> ((Inbound.Report) event).awaitSend())
			.containsExactly(false);
		assertThat(translate(statusCallback("sent"), 1)).extracting((event) -> ((Inbound.Report) event).report())
			.containsExactly(new DeliveryReport(DeliveryReport.Status.SENT, RECEIVED, null, null));
		assertThat(translate(statusCallback("read"), 1)).extracting((event) -> ((Inbound.Report) event).report())
			.containsExactly(new DeliveryReport(DeliveryReport.Status.READ, RECEIVED, null, null));
	}

	@Test
	void anUndeliveredOrFailedCallbackFailsTheMessageNamingTwiliosError() throws IOException {
		List<Inbound> undelivered = translate(statusCallback("undelivered") + "&ErrorCode=30003", 1);
		List<Inbound> failed = translate(statusCallback("failed") + "&ErrorMessage=Unknown+error", 1);

		assertThat(undelivered).containsExactly(new Inbound.Report(SMS, "SM0001",
				new DeliveryReport(DeliveryReport.Status.FAILED, RECEIVED,
						"Twilio reported the message undelivered: The recipient's phone is unreachable "
								+ "(Twilio error 30003)",
						this.json.readTree("{\"MessageStatus\": \"undelivered\", \"ErrorCode\": \"30003\"}")),
				true));
		assertThat(failed).extracting((event) -> ((Inbound.Report) event).report())
			.containsExactly(new DeliveryReport(DeliveryReport.Status.FAILED, RECEIVED,
					"Twilio reported the message failed: Twilio refused the message: Unknown error",
					this.json.readTree("{\"MessageStatus\": \"failed\", \"ErrorMessage\": \"Unknown error\"}")));
	}

	@Test
	void queuedSendingAndAcceptedCallbacksReportNothing() throws IOException {
		for (String status : List.of("queued", "sending", "accepted")) {
			assertThat(translate(statusCallback(status), 1)).as(status).isEmpty();
		}
	}

	@Test
	void aWhatsappStatusCallbackIsForTheWhatsappChannel() throws IOException {
		List<Inbound> events = translate(
				"MessageStatus=read&MessageSid=SM0002&From=whatsapp%3A%2B14155238886&To=whatsapp%3A%2B15558675310", 1);

		assertThat(events).extracting(Inbound::account)
			.containsExactly(new Inbound.Account("twilio.whatsapp", "whatsapp:+14155238886"));
	}

	private List<Inbound> translate(String form, int attempt) throws IOException {
		return translate(form.getBytes(StandardCharsets.UTF_8), attempt);
	}

	private List<Inbound> translate(byte[] body, int attempt) throws IOException {
		MultiValueMap<String, String> form = new FormHttpMessageConverter().read(null, new MockHttpInputMessage(body));
		return this.handler.translate(form,
				new WebhookEvent(1, "twilio", "application/x-www-form-urlencoded", body, RECEIVED, attempt));
	}

	private MessageContent content(String form) throws IOException {
		List<Inbound> events = translate(form, 1);
		assertThat(events).hasSize(1);
		return ((Inbound.Message) events.get(0)).content();
	}

	private static String statusCallback(String status) {
		return "SmsSid=SM0001&SmsStatus=" + status + "&MessageStatus=" + status
				+ "&To=%2B15558675310&MessageSid=SM0001&AccountSid=AC0123456789abcdef0123456789abcdef"
				+ "&From=%2B15017122661&ApiVersion=2010-04-01";
	}

	private static byte[] fixture(String name) throws IOException {
		return new ClassPathResource("fixtures/twilio/" + name).getContentAsByteArray();
	}

}

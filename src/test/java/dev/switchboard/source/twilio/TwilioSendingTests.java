package dev.switchboard.source.twilio;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import dev.switchboard.Api;
import dev.switchboard.source.FakePlatform;
import dev.switchboard.source.FakePlatform.Reply;
import dev.switchboard.source.PlatformTests;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static dev.switchboard.Api.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(OutputCaptureExtension.class)
class TwilioSendingTests extends PlatformTests {

	private static final String MESSAGES_PATH = "/twilio-api/2010-04-01/Accounts/" + ACCOUNT_SID + "/Messages.json";

	private static final String SMS_NUMBER = "+15017122661";

	private static final String CONTACT = "+15558675310";

	@Test
	void anAgentReplyReachesTwilioAndItsStatusCallbackMarksItDelivered() {
		String admin = this.api.admin();
		connect(admin, "/channels.twilio.sms.connect", "phone_number", SMS_NUMBER, "name", "SMS");
		postTwilio(fixture("twilio/inbound-sms.form"));
		await().atMost(Duration.ofSeconds(10)).until(() -> conversations(admin).size() == 1);
		String conversationId = conversations(admin).get(0).path("id").asString();
		String agent = this.api.user(admin, "agent");

		String messageId = send(agent, body("conversation_id", conversationId, "message", body("text", "On its way!")));

		JsonNode sent = awaitState(agent, conversationId, messageId, "DELIVERED");
		FakePlatform.Request request = platform.requests(MESSAGES_PATH).get(0);
		assertThat(request.method()).isEqualTo("POST");
		assertThat(request.header("Authorization")).isEqualTo("Basic " + Base64.getEncoder()
			.encodeToString((ACCOUNT_SID + ":" + AUTH_TOKEN).getBytes(StandardCharsets.UTF_8)));
		assertThat(request.header("Content-Type")).startsWith("application/x-www-form-urlencoded");
		assertThat(request.param("To")).isEqualTo(CONTACT);
		assertThat(request.param("From")).isEqualTo(SMS_NUMBER);
		assertThat(request.param("Body")).isEqualTo("On its way!");
		assertThat(request.param("StatusCallback")).isEqualTo(PUBLIC_URL + "/twilio");
		String sid = sent.path("metadata").path("source").path("id").asString();
		assertThat(sid).startsWith("SM");

		assertThat(postTwilio(statusCallback(sid, "delivered", null)).status()).isEqualTo(200);

		await().atMost(Duration.ofSeconds(10))
			.until(() -> message(agent, conversationId, messageId).path("metadata").path("source").has("delivered_at"));
		JsonNode delivered = message(agent, conversationId, messageId);
		assertThat(delivered.path("delivery_state").asString()).isEqualTo("DELIVERED");
		assertThat(delivered.path("metadata").path("source").path("status").asString()).isEqualTo("delivered");
	}

	@Test
	void anAttachmentGoesAsMediaUrlWithItsTextAsBody() {
		String admin = this.api.admin();
		String channelId = connect(admin, "/channels.twilio.sms.connect", "phone_number", SMS_NUMBER, "name", "SMS");

		String messageId = send(admin, body("channel_id", channelId, "source_recipient_id", CONTACT, "message",
				body("text", "Your invoice", "attachment", body("type", "file", "url", "https://example.com/i.pdf"))));

		awaitState(admin, conversations(admin).get(0).path("id").asString(), messageId, "DELIVERED");
		FakePlatform.Request request = platform.requests(MESSAGES_PATH).get(0);
		assertThat(request.param("MediaUrl")).isEqualTo("https://example.com/i.pdf");
		assertThat(request.param("Body")).isEqualTo("Your invoice");
	}

	@Test
	void statusCallbacksOutOfOrderOrRepeatedNeverMoveAMessageBackwards() {
		String admin = this.api.admin();
		String channelId = connect(admin, "/channels.twilio.sms.connect", "phone_number", SMS_NUMBER, "name", "SMS");
		String messageId = send(admin,
				body("channel_id", channelId, "source_recipient_id", CONTACT, "message", body("text", "Hello")));
		String conversationId = conversations(admin).get(0).path("id").asString();
		String sid = awaitState(admin, conversationId, messageId, "DELIVERED").path("metadata")
			.path("source")
			.path("id")
			.asString();

		callbackAndWait(sid, "read", null, 1);
		JsonNode read = message(admin, conversationId, messageId);
		callbackAndWait(sid, "delivered", null, 2);
		callbackAndWait(sid, "sent", null, 3);
		callbackAndWait(sid, "read", null, 4);
		callbackAndWait(sid, "undelivered", "30003", 5);

		JsonNode after = message(admin, conversationId, messageId);
		assertThat(read.path("metadata").path("source").path("status").asString()).isEqualTo("read");
		assertThat(read.path("metadata").path("source").has("read_at")).isTrue();
		assertThat(read.path("metadata").path("source").has("delivered_at")).isTrue();
		assertThat(after).isEqualTo(read);
	}

	@Test
	void anUndeliveredCallbackFailsTheMessageNamingTwiliosErrorCode() {
		String admin = this.api.admin();
		String channelId = connect(admin, "/channels.twilio.sms.connect", "phone_number", SMS_NUMBER, "name", "SMS");
		String messageId = send(admin,
				body("channel_id", channelId, "source_recipient_id", CONTACT, "message", body("text", "Hello")));
		String conversationId = conversations(admin).get(0).path("id").asString();
		String sid = awaitState(admin, conversationId, messageId, "DELIVERED").path("metadata")
			.path("source")
			.path("id")
			.asString();

		callbackAndWait(sid, "sent", null, 1);
		callbackAndWait(sid, "undelivered", "30003", 2);
		JsonNode failed = message(admin, conversationId, messageId);
		callbackAndWait(sid, "undelivered", "30003", 3);

		assertThat(failed.path("delivery_state").asString()).isEqualTo("FAILED");
		assertThat(failed.path("metadata").path("error").asString())
			.isEqualTo("Twilio reported the message undelivered: The recipient's phone is unreachable "
					+ "(Twilio error 30003)");
		assertThat(failed.path("metadata").path("source").path("error").path("ErrorCode").asString())
			.isEqualTo("30003");
		assertThat(message(admin, conversationId, messageId)).isEqualTo(failed);
	}

	@Test
	void aCallbackForAnUnknownSidIsRetriedBrieflyThenIgnored() {
		String admin = this.api.admin();
		connect(admin, "/channels.twilio.sms.connect", "phone_number", SMS_NUMBER, "name", "SMS");

		assertThat(postTwilio(statusCallback("SMunknown000000000000000000000000", "delivered", null)).status())
			.isEqualTo(200);

		// Twilio may call back before the delivery worker has recorded the sid
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.jdbc.sql("select status from webhook_events").query(String.class).single(),
					"IGNORED"::equals);
		assertThat(this.jdbc.sql("select attempts from webhook_events").query(Integer.class).single())
			.isEqualTo(TwilioWebhookHandler.CALLBACK_ATTEMPTS);
	}

	@Test
	void permanentTwilioErrorsFailTheMessageAtOnceWithAReadableError() {
		String admin = this.api.admin();
		String sms = connect(admin, "/channels.twilio.sms.connect", "phone_number", SMS_NUMBER, "name", "SMS");
		String whatsapp = connect(admin, "/channels.twilio.whatsapp.connect", "phone_number", "+14155238886", "name",
				"WhatsApp");
		List<List<String>> cases = List.of(List.of(sms, "21211", "is not a valid phone number"),
				List.of(sms, "21610", "has unsubscribed"), List.of(sms, "21614", "is not a mobile number"),
				List.of(whatsapp, "63016", "within 24 hours"));

		for (List<String> error : cases) {
			platform.reset((request) -> Reply.json(400,
					"{\"code\":" + error.get(1)
							+ ",\"message\":\"Twilio's own text\",\"more_info\":\"https://www.twilio.com/docs/errors/"
							+ error.get(1) + "\",\"status\":400}"));
			String recipient = "+1555000" + error.get(1).substring(1);
			String messageId = send(admin,
					body("channel_id", error.get(0), "source_recipient_id",
							whatsapp.equals(error.get(0)) ? "whatsapp:" + recipient : recipient, "message",
							body("text", "Hello")));
			String conversationId = conversations(admin).stream()
				.filter((conversation) -> conversation.path("contact")
					.path("display_name")
					.asString()
					.endsWith(recipient))
				.findFirst()
				.orElseThrow()
				.path("id")
				.asString();

			JsonNode failed = awaitState(admin, conversationId, messageId, "FAILED");

			assertThat(failed.path("metadata").path("error").asString()).contains(error.get(2))
				.endsWith("(Twilio error " + error.get(1) + ")");
			assertThat(failed.path("metadata").path("source").path("error").path("code").asInt())
				.isEqualTo(Integer.parseInt(error.get(1)));
			assertThat(platform.requests(MESSAGES_PATH)).hasSize(1);
		}
	}

	@Test
	void rateLimitsAndServerErrorsAreRetriedUntilTwilioTakesTheMessage() {
		String admin = this.api.admin();
		String channelId = connect(admin, "/channels.twilio.sms.connect", "phone_number", SMS_NUMBER, "name", "SMS");
		AtomicInteger calls = new AtomicInteger();
		platform.script((request) -> switch (calls.incrementAndGet()) {
			case 1 -> Reply.json(429, "{\"code\":20429,\"message\":\"Too Many Requests\",\"status\":429}")
				.withHeader("Retry-After", "0");
			case 2 -> Reply.json(503, "{\"message\":\"Service Unavailable\"}");
			default -> Reply.json(201, "{\"sid\":\"SMretried00000000000000000000000\",\"status\":\"queued\"}");
		});

		String messageId = send(admin,
				body("channel_id", channelId, "source_recipient_id", CONTACT, "message", body("text", "Hello")));

		JsonNode delivered = awaitState(admin, conversations(admin).get(0).path("id").asString(), messageId,
				"DELIVERED");
		assertThat(delivered.path("metadata").path("source").path("id").asString())
			.isEqualTo("SMretried00000000000000000000000");
		assertThat(platform.requests(MESSAGES_PATH)).hasSize(3);
	}

	@Test
	void messagesSendWithARecipientStartsAnSmsOrWhatsappConversation() {
		String admin = this.api.admin();
		String sms = connect(admin, "/channels.twilio.sms.connect", "phone_number", SMS_NUMBER, "name", "SMS");
		String whatsapp = connect(admin, "/channels.twilio.whatsapp.connect", "phone_number", "+14155238886", "name",
				"WhatsApp");

		String smsMessage = send(admin,
				body("channel_id", sms, "source_recipient_id", CONTACT, "message", body("text", "Your code is 1234")));
		String whatsappMessage = send(admin, body("channel_id", whatsapp, "source_recipient_id",
				"whatsapp:+15558675310", "message", body("text", "Hi from WhatsApp")));

		await().atMost(Duration.ofSeconds(10)).until(() -> platform.requests(MESSAGES_PATH).size() == 2);
		assertThat(platform.requests(MESSAGES_PATH))
			.extracting((request) -> request.param("From") + " > " + request.param("To") + ": " + request.param("Body"))
			.containsExactlyInAnyOrder("+15017122661 > +15558675310: Your code is 1234",
					"whatsapp:+14155238886 > whatsapp:+15558675310: Hi from WhatsApp");
		assertThat(conversations(admin))
			.extracting((conversation) -> conversation.path("channel").path("source").asString() + " "
					+ conversation.path("contact").path("display_name").asString())
			.containsExactlyInAnyOrder("twilio.sms +15558675310", "twilio.whatsapp whatsapp:+15558675310");
		assertThat(List.of(smsMessage, whatsappMessage)).doesNotContainNull();

		// the contact's WhatsApp reply lands in the same conversation and names the
		// contact
		postTwilio(fixture("twilio/inbound-whatsapp.form"));
		await().atMost(Duration.ofSeconds(10))
			.until(() -> conversations(admin).stream()
				.anyMatch((conversation) -> conversation.path("contact")
					.path("display_name")
					.asString()
					.equals("Grace Hopper")));
		assertThat(conversations(admin)).hasSize(2);
	}

	@Test
	void templatesAreRefusedWithAHintAtContentSids() {
		String admin = this.api.admin();
		String whatsapp = connect(admin, "/channels.twilio.whatsapp.connect", "phone_number", "+14155238886", "name",
				"WhatsApp");

		Api.Response refused = this.api.post("/messages.send", admin, body("channel_id", whatsapp,
				"source_recipient_id", "whatsapp:" + CONTACT, "message", body("template", body("name", "hello"))));

		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.text("detail")).contains("ContentSid");
	}

	@Test
	void theAuthTokenAppearsInNoResponseAndNoLog(CapturedOutput output) {
		String admin = this.api.admin();
		Api.Response connected = this.api.post("/channels.twilio.sms.connect", admin,
				body("phone_number", SMS_NUMBER, "name", "SMS"));
		postTwilio(fixture("twilio/inbound-sms.form"), "bad-signature");
		platform.reset((request) -> Reply.json(401,
				"{\"code\":20003,\"message\":\"Authenticate\",\"more_info\":\"https://www.twilio.com/docs/errors/20003\","
						+ "\"status\":401}"));
		String messageId = send(admin, body("channel_id", connected.text("id"), "source_recipient_id", CONTACT,
				"message", body("text", "Hello")));
		String conversationId = conversations(admin).get(0).path("id").asString();
		JsonNode failed = awaitState(admin, conversationId, messageId, "FAILED");

		String basic = Base64.getEncoder()
			.encodeToString((ACCOUNT_SID + ":" + AUTH_TOKEN).getBytes(StandardCharsets.UTF_8));
		List<String> responses = List.of(connected.text(),
				this.api.post("/channels.list", admin, body("source", "twilio.sms")).text(),
				this.api.post("/channels.info", admin, body("channel_id", connected.text("id"))).text(),
				this.api.post("/conversations.info", admin, body("conversation_id", conversationId)).text(),
				failed.toString());
		assertThat(failed.path("metadata").path("error").asString()).contains("account credentials");
		for (String text : responses) {
			assertThat(text).doesNotContain(AUTH_TOKEN).doesNotContain(basic);
		}
		assertThat(output.getAll()).contains("Refused a Twilio webhook")
			.doesNotContain(AUTH_TOKEN)
			.doesNotContain(basic);
	}

	private String send(String token, Object request) {
		Api.Response sent = this.api.post("/messages.send", token, request);
		assertThat(sent.status()).as(sent.text()).isEqualTo(200);
		assertThat(sent.text("delivery_state")).isEqualTo("PENDING");
		return sent.text("id");
	}

	private JsonNode awaitState(String token, String conversationId, String messageId, String state) {
		await().atMost(Duration.ofSeconds(10))
			.until(() -> message(token, conversationId, messageId).path("delivery_state").asString().equals(state));
		return message(token, conversationId, messageId);
	}

	private JsonNode message(String token, String conversationId, String messageId) {
		return messages(token, conversationId).stream()
			.filter((message) -> message.path("id").asString().equals(messageId))
			.findFirst()
			.orElseThrow();
	}

	private void callbackAndWait(String sid, String status, String errorCode, int processed) {
		assertThat(postTwilio(statusCallback(sid, status, errorCode)).status()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.jdbc.sql("select count(*) from webhook_events where status in ('DONE', 'IGNORED')")
				.query(Long.class)
				.single() == processed);
	}

	private static String statusCallback(String sid, String status, String errorCode) {
		String form = form("SmsSid", sid, "SmsStatus", status, "MessageStatus", status, "To", CONTACT, "MessageSid",
				sid, "AccountSid", ACCOUNT_SID, "From", SMS_NUMBER, "ApiVersion", "2010-04-01");
		return (errorCode != null) ? form + "&" + form("ErrorCode", errorCode) : form;
	}

}

package dev.switchboard.source.twilio;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.switchboard.Api;
import dev.switchboard.source.PlatformTests;

import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.switchboard.Api.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class TwilioWebhookTests extends PlatformTests {

	@LocalServerPort
	private int port;

	@Test
	void connectsSmsAndWhatsappNumbersWithTheirWebhookUrl() {
		String admin = this.api.admin();

		Api.Response sms = this.api.post("/channels.twilio.sms.connect", admin,
				body("phone_number", "+15017122661", "name", "Support line"));
		Api.Response whatsapp = this.api.post("/channels.twilio.whatsapp.connect", admin,
				body("phone_number", "+14155238886", "name", "WhatsApp"));
		Api.Response again = this.api.post("/channels.connect", admin,
				body("source", "twilio.sms", "phone_number", "+15017122661", "name", "Renamed"));

		assertThat(sms.status()).as(sms.text()).isEqualTo(200);
		assertThat(sms.text("source")).isEqualTo("twilio.sms");
		assertThat(sms.text("source_channel_id")).isEqualTo("+15017122661");
		assertThat(sms.text("webhook_url")).isEqualTo(PUBLIC_URL + "/twilio");
		assertThat(whatsapp.text("source")).isEqualTo("twilio.whatsapp");
		assertThat(whatsapp.text("source_channel_id")).isEqualTo("whatsapp:+14155238886");
		assertThat(again.text("id")).isEqualTo(sms.text("id"));
		assertThat(again.text("metadata.name")).isEqualTo("Renamed");
	}

	@Test
	void refusesPhoneNumbersThatAreNotE164() {
		String admin = this.api.admin();

		for (String number : List.of("+1 501 712 2661", "15017122661", "+1234567", "+1234567890123456", "+1501abc2661",
				"")) {
			Api.Response refused = this.api.post("/channels.twilio.sms.connect", admin,
					body("phone_number", number, "name", "Support"));
			assertThat(refused.status()).as(number).isEqualTo(400);
			assertThat(refused.text("detail")).contains("phone_number: must be an E.164 phone number");
		}
		Api.Response missing = this.api.post("/channels.twilio.whatsapp.connect", admin, body("name", "Support"));
		assertThat(missing.status()).isEqualTo(400);
		assertThat(missing.text("detail")).contains("phone_number: must be an E.164 phone number");
	}

	@Test
	void disconnectingAnswers200Then202AndOnlyForTheSourcesOwnChannels() {
		String admin = this.api.admin();
		String sms = connect(admin, "/channels.twilio.sms.connect", "phone_number", "+15017122661", "name", "SMS");
		String agent = this.api.user(admin, "agent");

		assertThat(this.api.post("/channels.twilio.sms.disconnect", agent, body("channel_id", sms)).status())
			.isEqualTo(403);
		assertThat(this.api.post("/channels.twilio.whatsapp.disconnect", admin, body("channel_id", sms)).status())
			.isEqualTo(400);
		assertThat(this.api.post("/channels.twilio.sms.disconnect", admin, body("channel_id", sms)).status())
			.isEqualTo(200);
		assertThat(this.api.post("/channels.twilio.sms.disconnect", admin, body("channel_id", sms)).status())
			.isEqualTo(202);
	}

	@Test
	void aSignedSmsIsStoredAsReceivedAnsweredWithEmptyTwimlAndBecomesAConversation() {
		String admin = this.api.admin();
		connect(admin, "/channels.twilio.sms.connect", "phone_number", "+15017122661", "name", "SMS");
		String form = fixture("twilio/inbound-sms.form");

		Api.Response answer = postTwilio(form);

		assertThat(answer.status()).as(answer.text()).isEqualTo(200);
		assertThat(answer.contentType()).startsWith("text/xml");
		assertThat(answer.text()).contains("<Response/>");
		assertThat(
				this.jdbc.sql("select body from webhook_events where source = 'twilio'").query(byte[].class).single())
			.isEqualTo(form.getBytes(StandardCharsets.UTF_8));
		await().atMost(Duration.ofSeconds(10)).until(() -> conversations(admin).size() == 1);
		JsonNode conversation = conversations(admin).get(0);
		assertThat(conversation.path("contact").path("display_name").asString()).isEqualTo("+15558675310");
		assertThat(conversation.path("channel").path("source").asString()).isEqualTo("twilio.sms");
		assertThat(conversation.path("unread_message_count").asInt()).isEqualTo(1);
		JsonNode message = messages(admin, conversation.path("id").asString()).get(0);
		assertThat(message.path("content").path("text").asString()).isEqualTo("Ahoy! Is my order on its way?");
		assertThat(message.path("sender_type").asString()).isEqualTo("source_contact");
		assertThat(message.path("source_content").path("MessageSid").asString())
			.isEqualTo("SM1f0e8ae6ade43cb3c0ce4525424e404f");
	}

	@Test
	void anInvalidOrMissingSignatureIsRefusedAndNothingIsStored() {
		String admin = this.api.admin();
		connect(admin, "/channels.twilio.sms.connect", "phone_number", "+15017122661", "name", "SMS");
		String form = fixture("twilio/inbound-sms.form");

		Api.Response missing = postTwilio(form, null);
		Api.Response wrongToken = postTwilio(form, hmac("HmacSHA1", "not-the-token", PUBLIC_URL + "/twilio"));
		Api.Response tampered = postTwilio(form.replace("Ahoy", "Oops"), twilioSignature(PUBLIC_URL + "/twilio", form));
		Api.Response overTheInternalUrl = postTwilio(form, twilioSignature("http://localhost/twilio", form));

		for (Api.Response refused : List.of(missing, wrongToken, tampered, overTheInternalUrl)) {
			assertThat(refused.status()).isEqualTo(403);
			assertThat(refused.contentType()).startsWith("application/problem+json");
		}
		assertThat(storedEvents("twilio")).isZero();
	}

	@Test
	void aSignatureOverThePublicHttpsUrlHoldsForARequestArrivingOnPlainHttpBehindAProxy() throws Exception {
		String admin = this.api.admin();
		connect(admin, "/channels.twilio.sms.connect", "phone_number", "+15017122661", "name", "SMS");
		// a TLS-terminating proxy forwards to the service's own port over plain http
		String form = fixture("twilio/inbound-sms.form");
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/twilio"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("X-Twilio-Signature", twilioSignature(PUBLIC_URL + "/twilio", form))
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.build();

		HttpResponse<String> response;
		try (HttpClient client = HttpClient.newHttpClient()) {
			response = client.send(request, HttpResponse.BodyHandlers.ofString());
		}

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("text/xml"));
		assertThat(response.body()).contains("<Response/>");
		// read from the stream, not rebuilt from parsed parameters: byte for byte
		assertThat(
				this.jdbc.sql("select body from webhook_events where source = 'twilio'").query(byte[].class).single())
			.isEqualTo(form.getBytes(StandardCharsets.UTF_8));
		await().atMost(Duration.ofSeconds(10)).until(() -> conversations(admin).size() == 1);
	}

	@Test
	void anMmsWithSeveralMediaBecomesOneMessagePerMediaTheFirstCarryingTheText() {
		String admin = this.api.admin();
		connect(admin, "/channels.twilio.sms.connect", "phone_number", "+15017122661", "name", "SMS");

		assertThat(postTwilio(fixture("twilio/inbound-mms.form")).status()).isEqualTo(200);

		await().atMost(Duration.ofSeconds(10)).until(() -> conversations(admin).size() == 1);
		List<JsonNode> messages = messages(admin, conversations(admin).get(0).path("id").asString());
		assertThat(messages).hasSize(3);
		assertThat(messages).extracting((message) -> message.path("content").path("type").asString())
			.containsExactly("image", "image", "video");
		assertThat(messages.get(0).path("content").path("text").asString()).isEqualTo("The parcel arrived damaged");
		assertThat(messages.get(0).path("content").path("url").asString())
			.endsWith("/Media/ME0000000000000000000000000000000a");
		assertThat(messages.get(1).path("content").has("text")).isFalse();
		assertThat(messages.get(2).path("content").path("url").asString())
			.endsWith("/Media/ME0000000000000000000000000000000c");
		assertThat(this.jdbc.sql("select source_message_id from messages order by sent_at").query(String.class).list())
			.containsExactly("MM2a1c9b8e7f6d5c4b3a2918f7e6d5c4b3", "MM2a1c9b8e7f6d5c4b3a2918f7e6d5c4b3#1",
					"MM2a1c9b8e7f6d5c4b3a2918f7e6d5c4b3#2");
	}

	@Test
	void aWhatsappMessageViaTwilioNamesTheContactAfterTheirProfile() {
		String admin = this.api.admin();
		connect(admin, "/channels.twilio.whatsapp.connect", "phone_number", "+14155238886", "name", "WhatsApp");

		assertThat(postTwilio(fixture("twilio/inbound-whatsapp.form")).status()).isEqualTo(200);

		await().atMost(Duration.ofSeconds(10)).until(() -> conversations(admin).size() == 1);
		JsonNode conversation = conversations(admin).get(0);
		assertThat(conversation.path("channel").path("source").asString()).isEqualTo("twilio.whatsapp");
		assertThat(conversation.path("contact").path("display_name").asString()).isEqualTo("Grace Hopper");
		assertThat(conversation.path("last_message").path("content").path("text").asString())
			.isEqualTo("Hello from WhatsApp");
	}

	@Test
	void aRedeliveredMessageIsStoredOnce() {
		String admin = this.api.admin();
		connect(admin, "/channels.twilio.sms.connect", "phone_number", "+15017122661", "name", "SMS");
		String form = fixture("twilio/inbound-sms.form");

		postTwilio(form);
		postTwilio(form);

		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.jdbc.sql("select count(*) from webhook_events where status = 'DONE'")
				.query(Long.class)
				.single() == 2);
		assertThat(this.jdbc.sql("select count(*) from messages").query(Long.class).single()).isEqualTo(1);
	}

	@Test
	void messagesForUnknownOrDisconnectedNumbersAreAcknowledgedAndIgnored() {
		String admin = this.api.admin();
		String sms = connect(admin, "/channels.twilio.sms.connect", "phone_number", "+15017122661", "name", "SMS");
		this.api.post("/channels.twilio.sms.disconnect", admin, body("channel_id", sms));

		assertThat(postTwilio(fixture("twilio/inbound-sms.form")).status()).isEqualTo(200);
		assertThat(postTwilio(fixture("twilio/inbound-whatsapp.form")).status()).isEqualTo(200);

		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.jdbc.sql("select count(*) from webhook_events where status = 'IGNORED'")
				.query(Long.class)
				.single() == 2);
		assertThat(this.jdbc.sql("select count(*) from messages").query(Long.class).single()).isZero();
	}

}

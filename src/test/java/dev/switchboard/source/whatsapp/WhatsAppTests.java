package dev.switchboard.source.whatsapp;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import dev.switchboard.Api;
import dev.switchboard.source.meta.FakeGraph;
import dev.switchboard.source.meta.MetaIntegrationTests;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(OutputCaptureExtension.class)
class WhatsAppTests extends MetaIntegrationTests {

	static final String PHONE_NUMBER_ID = "106540352242922";

	static final String WA_ID = "16505551234";

	static final String USER_TOKEN = "EAAW-short-lived-user-token-5e1a";

	static final String LONG_LIVED = "EAAW-long-lived-user-token-0b7f";

	private String channel;

	private String connect() {
		graph.on("GET", "/oauth/access_token", 200, "{\"access_token\":\"" + LONG_LIVED + "\"}");
		graph.on("GET", "/" + PHONE_NUMBER_ID, 200, "{\"display_phone_number\":\"+1 555-078-3881\","
				+ "\"verified_name\":\"Acme Shoes\",\"id\":\"" + PHONE_NUMBER_ID + "\"}");
		this.channel = channelId(this.api.post("/channels.whatsapp.connect", this.admin,
				Map.of("phone_number_id", PHONE_NUMBER_ID, "user_token", USER_TOKEN, "name", "Acme WhatsApp")));
		return this.channel;
	}

	private String startConversation() {
		connect();
		deliver("/whatsapp", text("wamid.hello"));
		return onlyConversation().path("id").asString();
	}

	private static String text(String wamid) {
		return text(wamid, 1700000200);
	}

	private static String text(String wamid, long timestamp) {
		return fixture("whatsapp-text.json", "PHONE_NUMBER_ID", PHONE_NUMBER_ID, "WA_ID", WA_ID, "WAMID", wamid,
				"TIMESTAMP", Long.toString(timestamp));
	}

	private String status(String wamid, String status, long timestamp) {
		return fixture("whatsapp-status.json", "PHONE_NUMBER_ID", PHONE_NUMBER_ID, "WAMID", wamid, "STATUS", status,
				"TIMESTAMP", Long.toString(timestamp));
	}

	private String send(String conversation, Map<String, Object> message) {
		Api.Response sent = this.api.post("/messages.send", this.admin,
				Map.of("conversation_id", conversation, "message", message));
		assertThat(sent.status()).as(sent.text()).isEqualTo(200);
		return sent.text("id");
	}

	private JsonNode settled(String messageId) {
		await().atMost(Duration.ofSeconds(15))
			.until(() -> !"PENDING".equals(message(messageId).path("delivery_state").asString()));
		return message(messageId);
	}

	@Test
	void connectingMakesTheTokenLongLivedAndReadsThePhoneNumber(CapturedOutput output) {
		connect();

		FakeGraph.Request exchange = graph.requests("GET", "/oauth/access_token").get(0);
		assertThat(exchange.query()).containsEntry("fb_exchange_token", USER_TOKEN).containsEntry("client_id", APP_ID);
		assertThat(graph.requests("GET", "/" + PHONE_NUMBER_ID).get(0).authorization())
			.isEqualTo("Bearer " + LONG_LIVED);
		Api.Response info = this.api.post("/channels.info", this.admin, Map.of("channel_id", this.channel));
		assertThat(info.text("source")).isEqualTo("whatsapp");
		assertThat(info.text("source_channel_id")).isEqualTo(PHONE_NUMBER_ID);
		assertThat(info.text("metadata.name")).isEqualTo("Acme WhatsApp");
		assertThat(info.text("webhook_url")).endsWith("/whatsapp");
		assertNoToken(info.text(), output);
	}

	@Test
	void aRejectedTokenIsABadRequestAndAnUnreachableGraphABadGateway(CapturedOutput output) {
		graph.on("GET", "/oauth/access_token", 400,
				"{\"error\":{\"message\":\"Error validating access token\",\"type\":\"OAuthException\",\"code\":190}}");
		Api.Response rejected = this.api.post("/channels.whatsapp.connect", this.admin,
				Map.of("phone_number_id", PHONE_NUMBER_ID, "user_token", USER_TOKEN, "name", "Acme"));
		graph.on("GET", "/oauth/access_token", 0, "");
		Api.Response unreachable = this.api.post("/channels.whatsapp.connect", this.admin,
				Map.of("phone_number_id", PHONE_NUMBER_ID, "user_token", USER_TOKEN, "name", "Acme"));

		assertThat(rejected.status()).isEqualTo(400);
		assertThat(rejected.text("detail")).contains("rejected the token");
		assertThat(unreachable.status()).isEqualTo(502);
		assertNoToken(rejected.text() + unreachable.text(), output);
	}

	@Test
	void everyMessageKindBecomesTypedContentAndTheProfileNameIsTheContactsName() {
		connect();

		deliver("/whatsapp", fixture("whatsapp-messages.json", "PHONE_NUMBER_ID", PHONE_NUMBER_ID));

		JsonNode conversation = onlyConversation();
		assertThat(conversation.path("contact").path("display_name").asString()).isEqualTo("Sheena Nelson");
		List<JsonNode> messages = messages(conversation.path("id").asString());
		assertThat(messages).extracting((message) -> message.path("content").path("type").asString())
			.containsExactly("text", "image", "audio", "video", "file", "image", "location", "text", "postback",
					"postback", "postback", "unsupported");
		assertThat(messages.get(0).path("content").path("text").asString()).isEqualTo("Does it come in another color?");
		assertThat(messages.get(0).path("sent_at").asString()).isEqualTo("2023-11-14T22:15:00.000Z");
		assertThat(messages.get(1).path("content").path("media_id").asString()).isEqualTo("1003383421387256");
		assertThat(messages.get(1).path("content").path("text").asString()).isEqualTo("This one");
		assertThat(messages.get(4).path("content").path("name").asString()).isEqualTo("invoice.pdf");
		assertThat(messages.get(6).path("content").path("latitude").asDouble()).isEqualTo(37.483307);
		assertThat(messages.get(6).path("content").path("name").asString()).isEqualTo("Main Street Beach");
		assertThat(messages.get(7).path("content").path("text").asString()).contains("Barbara Johnson")
			.contains("+1 (940) 555-1234");
		assertThat(messages.get(8).path("content").path("payload").asString()).isEqualTo("change-button");
		assertThat(messages.get(9).path("content").path("text").asString()).isEqualTo("Express Shipping");
		assertThat(messages.get(10).path("content").path("payload").asString()).isEqualTo("STOP_PROMOTIONS");
		assertThat(messages.get(11).path("source_content").path("unsupported").path("type").asString())
			.isEqualTo("edit");
		assertThat(messages).allSatisfy(
				(message) -> assertThat(message.path("sender").path("name").asString()).isEqualTo("Sheena Nelson"));
	}

	@Test
	void aRedeliveredMessageCreatesNothingNew() {
		connect();

		deliver("/whatsapp", text("wamid.once"));
		deliver("/whatsapp", text("wamid.once"));

		assertThat(count("select count(*) from messages")).isEqualTo(1);
		assertThat(onlyConversation().path("unread_message_count").asInt()).isEqualTo(1);
	}

	@Test
	void anAgentReplyIsSentFromThePhoneNumberAndItsStatusesNeverMoveBackwards(CapturedOutput output) {
		String conversation = startConversation();
		graph.on("POST", "/" + PHONE_NUMBER_ID + "/messages", 200,
				"{\"messaging_product\":\"whatsapp\"," + "\"contacts\":[{\"input\":\"" + WA_ID + "\",\"wa_id\":\""
						+ WA_ID + "\"}]," + "\"messages\":[{\"id\":\"wamid.reply\"}]}");

		JsonNode sent = settled(send(conversation, Map.of("text", "Yes, in blue")));
		FakeGraph.Request request = graph.requests("POST", "/" + PHONE_NUMBER_ID + "/messages").get(0);
		deliver("/whatsapp", status("wamid.reply", "read", 1700000400));
		deliver("/whatsapp", status("wamid.reply", "delivered", 1700000390));
		deliver("/whatsapp", status("wamid.reply", "sent", 1700000380));
		deliver("/whatsapp",
				fixture("whatsapp-status-failed.json", "PHONE_NUMBER_ID", PHONE_NUMBER_ID, "WAMID", "wamid.reply"));

		assertThat(sent.path("metadata").path("source").path("id").asString()).isEqualTo("wamid.reply");
		assertThat(request.authorization()).isEqualTo("Bearer " + LONG_LIVED);
		assertThat(this.json.readTree(request.body())).isEqualTo(this.json
			.readTree("{\"messaging_product\":" + "\"whatsapp\",\"recipient_type\":\"individual\",\"to\":\"" + WA_ID
					+ "\",\"type\":\"text\"," + "\"text\":{\"body\":\"Yes, in blue\",\"preview_url\":false}}"));
		JsonNode after = message(sent.path("id").asString());
		assertThat(after.path("delivery_state").asString()).isEqualTo("DELIVERED");
		assertThat(after.path("metadata").path("source").path("status").asString()).isEqualTo("read");
		assertThat(after.path("metadata").path("source").path("read_at").asString())
			.isEqualTo("2023-11-14T22:20:00.000Z");
		assertThat(after.path("metadata").has("error")).isFalse();
		assertNoToken(after.toString(), output);
	}

	@Test
	void aFailedStatusFailsTheMessageWithTheErrorsTitleAndDetails() {
		String conversation = startConversation();
		graph.on("POST", "/" + PHONE_NUMBER_ID + "/messages", 200, "{\"messages\":[{\"id\":\"wamid.doomed\"}]}");
		String sent = send(conversation, Map.of("text", "hello"));
		settled(sent);

		deliver("/whatsapp", status("wamid.doomed", "sent", 1700000380));
		deliver("/whatsapp",
				fixture("whatsapp-status-failed.json", "PHONE_NUMBER_ID", PHONE_NUMBER_ID, "WAMID", "wamid.doomed"));

		JsonNode failed = message(sent);
		assertThat(failed.path("delivery_state").asString()).isEqualTo("FAILED");
		assertThat(failed.path("metadata").path("error").asString())
			.isEqualTo("Message undeliverable: Message Undeliverable.");
		assertThat(failed.path("metadata").path("source").path("error").get(0).path("code").asInt()).isEqualTo(131026);
	}

	@Test
	void templatesMediaAndSourcePayloadsAreSentAsCloudApiMessages() {
		String conversation = startConversation();
		graph.on("POST", "/" + PHONE_NUMBER_ID + "/messages", (request) -> new FakeGraph.Reply(200,
				"{\"messages\":[{\"id\":\"wamid.out" + graph.requests().size() + "\"}]}"));

		settled(send(conversation,
				Map.of("template", Map.of("name", "order_update", "language", Map.of("code", "en_US")))));
		settled(send(conversation,
				Map.of("attachment",
						Map.of("type", "file", "url", "https://cdn.example.com/invoice.pdf", "name", "invoice.pdf"),
						"text", "Your invoice")));
		settled(send(conversation, Map.of("source_payload", Map.of("type", "interactive", "interactive",
				Map.of("type", "button", "body", Map.of("text", "Track it?"))))));

		List<FakeGraph.Request> requests = graph.requests("POST", "/" + PHONE_NUMBER_ID + "/messages");
		JsonNode template = this.json.readTree(requests.get(0).body());
		assertThat(template.path("type").asString()).isEqualTo("template");
		assertThat(template.path("template").path("name").asString()).isEqualTo("order_update");
		assertThat(template.path("to").asString()).isEqualTo(WA_ID);
		assertThat(this.json.readTree(requests.get(1).body()).path("document")).isEqualTo(this.json.readTree(
				"{\"link\":\"https://cdn.example.com/invoice.pdf\",\"caption\":\"Your invoice\",\"filename\":\"invoice.pdf\"}"));
		JsonNode payload = this.json.readTree(requests.get(2).body());
		assertThat(payload.path("messaging_product").asString()).isEqualTo("whatsapp");
		assertThat(payload.path("to").asString()).isEqualTo(WA_ID);
		assertThat(payload.path("interactive").path("body").path("text").asString()).isEqualTo("Track it?");
	}

	@Test
	void aFreeFormSendOutsideTheWindowFailsAtOnceSayingATemplateIsNeeded() {
		String conversation = startConversation();
		graph.on("POST", "/" + PHONE_NUMBER_ID + "/messages", 400, "{\"error\":{\"message\":\"(#131047) "
				+ "Re-engagement message\",\"type\":\"OAuthException\",\"code\":131047,\"error_data\":{"
				+ "\"messaging_product\":\"whatsapp\",\"details\":\"Message failed to send because more than 24 hours "
				+ "have passed since the customer last replied to this number.\"}}}");

		JsonNode failed = settled(send(conversation, Map.of("text", "still there?")));

		assertThat(failed.path("delivery_state").asString()).isEqualTo("FAILED");
		assertThat(failed.path("metadata").path("error").asString()).contains("24-hour").contains("template");
		assertThat(graph.requests("POST", "/" + PHONE_NUMBER_ID + "/messages")).hasSize(1);
	}

	@Test
	void throughputLimitsAreRetriedAndAnInvalidTokenFlagsTheChannel() {
		String conversation = startConversation();
		AtomicInteger calls = new AtomicInteger();
		graph.on("POST", "/" + PHONE_NUMBER_ID + "/messages", (request) -> switch (calls.incrementAndGet()) {
			case 1 -> new FakeGraph.Reply(400, "{\"error\":{\"message\":\"(#130429) Rate limit hit\","
					+ "\"type\":\"OAuthException\",\"code\":130429}}");
			case 2 -> new FakeGraph.Reply(200, "{\"messages\":[{\"id\":\"wamid.after_limit\"}]}");
			default -> new FakeGraph.Reply(401, "{\"error\":{\"message\":\"Error validating access token\","
					+ "\"type\":\"OAuthException\",\"code\":190}}");
		});

		JsonNode retried = settled(send(conversation, Map.of("text", "one")));
		JsonNode rejected = settled(send(conversation, Map.of("text", "two")));

		assertThat(retried.path("delivery_state").asString()).isEqualTo("DELIVERED");
		assertThat(rejected.path("delivery_state").asString()).isEqualTo("FAILED");
		assertThat(this.api.post("/channels.info", this.admin, Map.of("channel_id", this.channel))
			.body()
			.path("needs_reconnection")
			.asBoolean()).isTrue();
	}

	@Test
	void readingAConversationMarksItsLatestInboundMessageReadOnWhatsApp() {
		String conversation = startConversation();
		deliver("/whatsapp", text("wamid.latest", 1700000300));
		graph.on("POST", "/" + PHONE_NUMBER_ID + "/messages", 200, "{\"success\":true}");

		assertThat(this.api.post("/conversations.read", this.admin, Map.of("conversation_id", conversation)).status())
			.isEqualTo(202);

		await().atMost(Duration.ofSeconds(10))
			.until(() -> !graph.requests("POST", "/" + PHONE_NUMBER_ID + "/messages").isEmpty());
		FakeGraph.Request read = graph.requests("POST", "/" + PHONE_NUMBER_ID + "/messages").get(0);
		assertThat(this.json.readTree(read.body())).isEqualTo(this.json
			.readTree("{\"messaging_product\":\"whatsapp\",\"status\":\"read\",\"message_id\":\"wamid.latest\"}"));
		assertThat(read.authorization()).isEqualTo("Bearer " + LONG_LIVED);
	}

	private static void assertNoToken(String text, CapturedOutput output) {
		for (String token : new String[] { USER_TOKEN, LONG_LIVED, APP_SECRET }) {
			assertThat(text).doesNotContain(token);
			assertThat(output.getAll()).doesNotContain(token);
		}
	}

}

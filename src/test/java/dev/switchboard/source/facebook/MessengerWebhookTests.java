package dev.switchboard.source.facebook;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class MessengerWebhookTests extends MessengerTests {

	@Test
	void aTextMessageStartsAConversationWhoseContactProfileIsFetchedOnce() {
		connectPage();
		// a contact of its own: profile fetches of other tests' contacts may still be
		// under way
		String psid = "7000000000000001";
		graph.on("GET", "/" + psid, 200,
				"{\"first_name\":\"Grace\",\"last_name\":\"Hopper\",\"profile_pic\":\"https://cdn.example.com/grace.jpg\"}");

		deliver("/facebook", text("m_hello", psid));
		await().atMost(Duration.ofSeconds(10))
			.until(() -> "Grace Hopper".equals(onlyConversation().path("contact").path("display_name").asString()));
		deliver("/facebook", text("m_again", psid));

		JsonNode conversation = onlyConversation();
		assertThat(conversation.path("contact").path("avatar_url").asString())
			.isEqualTo("https://cdn.example.com/grace.jpg");
		assertThat(conversation.path("unread_message_count").asInt()).isEqualTo(2);
		List<JsonNode> messages = messages(conversation.path("id").asString());
		assertThat(messages).extracting((message) -> message.path("content").path("text").asString())
			.containsExactly("hello, world!", "hello, world!");
		assertThat(messages.get(0).path("sender_type").asString()).isEqualTo("source_contact");
		assertThat(messages.get(0).path("sent_at").asString()).isEqualTo("2023-11-14T22:13:20.000Z");
		assertThat(messages).extracting((message) -> message.path("source_content").path("message").path("mid"))
			.extracting(JsonNode::asString)
			.containsExactlyInAnyOrder("m_hello", "m_again");
		assertThat(graph.requests("GET", "/" + psid)).hasSize(1)
			.allSatisfy((request) -> assertThat(request.authorization()).isEqualTo("Bearer " + PAGE_TOKEN));
		assertThat(graph.requests("GET", "/" + psid).get(0).query().get("fields"))
			.isEqualTo("first_name,last_name,profile_pic");
	}

	@Test
	void aProfileThatCannotBeFetchedLeavesTheDefaultNameAndIsNotTriedOnEveryMessage() {
		connectPage();
		String psid = "7000000000000002";
		graph.on("GET", "/" + psid, 400, "{\"error\":{\"message\":\"Unsupported get request\","
				+ "\"type\":\"GraphMethodException\",\"code\":100,\"error_subcode\":33}}");

		deliver("/facebook", text("m_1", psid));
		await().atMost(Duration.ofSeconds(5)).until(() -> graph.requests("GET", "/" + psid).size() == 1);
		deliver("/facebook", text("m_2", psid));
		deliver("/facebook", text("m_3", psid));

		assertThat(onlyConversation().path("contact").path("display_name").asString()).isEqualTo(psid);
		assertThat(graph.requests("GET", "/" + psid)).hasSize(1);
	}

	@Test
	void attachmentsAndLocationsBecomeTypedMessages() {
		connectPage();

		deliver("/facebook", fixture("messenger-attachments.json", "PAGE_ID", PAGE_ID, "PSID", PSID));

		List<JsonNode> messages = messages(onlyConversation().path("id").asString());
		assertThat(messages).extracting((message) -> message.path("content").path("type").asString())
			.containsExactly("image", "video", "audio", "file", "location");
		assertThat(messages.get(0).path("content").path("url").asString())
			.isEqualTo("https://cdn.example.com/image.jpg");
		assertThat(messages.get(3).path("content").path("url").asString())
			.isEqualTo("https://cdn.example.com/report.pdf");
		JsonNode location = messages.get(4).path("content");
		assertThat(location.path("latitude").asDouble()).isEqualTo(52.520008);
		assertThat(location.path("longitude").asDouble()).isEqualTo(13.404954);
		assertThat(location.path("name").asString()).isEqualTo("Pinned Location");
	}

	@Test
	void quickRepliesAndPostbacksBecomePostbacks() {
		connectPage();

		deliver("/facebook", fixture("messenger-quick-reply-and-postback.json", "PAGE_ID", PAGE_ID, "PSID", PSID));

		List<JsonNode> messages = messages(onlyConversation().path("id").asString());
		assertThat(messages).extracting((message) -> message.path("content"))
			.containsExactly(this.json.readTree("{\"type\":\"postback\",\"text\":\"Red\",\"payload\":\"COLOR_RED\"}"),
					this.json.readTree("{\"type\":\"postback\",\"text\":\"Get Started\",\"payload\":\"GET_STARTED\"}"));
	}

	@Test
	void anythingUnknownIsKeptAsUnsupportedWithItsRawPayload() {
		connectPage();

		deliver("/facebook", fixture("messenger-unknown.json", "PAGE_ID", PAGE_ID, "PSID", PSID));

		JsonNode message = messages(onlyConversation().path("id").asString()).get(0);
		assertThat(message.path("content").path("type").asString()).isEqualTo("unsupported");
		assertThat(message.path("source_content").path("message").path("attachments").get(0).path("type").asString())
			.isEqualTo("fallback");
	}

	@Test
	void aReactionIsSetOnTheMessageItNamesAndRemovedWhenUndone() {
		connectPage();
		deliver("/facebook", text("m_liked"));
		String messageId = messages(onlyConversation().path("id").asString()).get(0).path("id").asString();

		deliver("/facebook", fixture("messenger-reaction.json", "PAGE_ID", PAGE_ID, "PSID", PSID, "MID", "m_liked",
				"ACTION", "react"));
		JsonNode reacted = message(messageId).path("metadata").path("reaction");
		deliver("/facebook", fixture("messenger-reaction.json", "PAGE_ID", PAGE_ID, "PSID", PSID, "MID", "m_liked",
				"ACTION", "unreact"));

		assertThat(reacted.path("emoji").asString()).isEqualTo("\u2764\uFE0F");
		assertThat(reacted.path("reaction").asString()).isEqualTo("love");
		assertThat(message(messageId).path("metadata").path("reaction").isNull()).isTrue();
		assertThat(messages(onlyConversation().path("id").asString())).hasSize(1);
	}

	@Test
	void theSameEventDeliveredTwiceCreatesOneMessage() {
		connectPage();

		deliver("/facebook", text("m_twice"));
		deliver("/facebook", text("m_twice"));
		deliver("/facebook", fixture("messenger-quick-reply-and-postback.json", "PAGE_ID", PAGE_ID, "PSID", PSID));
		deliver("/facebook", fixture("messenger-quick-reply-and-postback.json", "PAGE_ID", PAGE_ID, "PSID", PSID));

		assertThat(count("select count(*) from messages")).isEqualTo(3);
		assertThat(onlyConversation().path("unread_message_count").asInt()).isEqualTo(3);
	}

	@Test
	void everyEntryOfABatchedDeliveryIsProcessed() {
		connectPage();

		deliver("/facebook", fixture("messenger-batch.json", "PAGE_ID", PAGE_ID));

		JsonNode conversations = conversations();
		assertThat(conversations).hasSize(2);
		assertThat(count("select count(*) from messages")).isEqualTo(3);
		assertThat(count("select count(*) from messages where source_message_id = 'm_batch_other_page'")).isZero();
		assertThat(count("select count(*) from messages where source_message_id in ('m_batch_1', 'm_batch_3')"
				+ " and conversation_id = (select conversation_id from messages where source_message_id = 'm_batch_1')"))
			.isEqualTo(2);
	}

	@Test
	void eventsForAnUnknownOrDisconnectedPageAreAcknowledgedAndIgnored() {
		String channel = connectPage();
		this.api.post("/channels.facebook.disconnect", this.admin, Map.of("channel_id", channel));

		deliver("/facebook", text("m_nobody"));

		assertThat(count("select count(*) from messages")).isZero();
		assertThat(this.jdbc.sql("select status from webhook_events").query(String.class).single())
			.isEqualTo("IGNORED");
	}

	@Test
	void anEchoOfTheBusinessWritingInThePageInboxIsASourceUserMessage() {
		connectPage();
		deliver("/facebook", text("m_question"));

		deliver("/facebook",
				fixture("messenger-echo-page-inbox.json", "PAGE_ID", PAGE_ID, "PSID", PSID, "MID", "m_page_inbox"));
		deliver("/facebook",
				fixture("messenger-echo-page-inbox.json", "PAGE_ID", PAGE_ID, "PSID", PSID, "MID", "m_page_inbox"));

		List<JsonNode> messages = messages(onlyConversation().path("id").asString());
		assertThat(messages).hasSize(2);
		assertThat(messages.get(1).path("sender_type").asString()).isEqualTo("source_user");
		assertThat(messages.get(1).path("content").path("text").asString()).isEqualTo("Answered from the page inbox");
		assertThat(onlyConversation().path("unread_message_count").asInt()).isEqualTo(1);
	}

	@Test
	void anEchoOfOurOwnAppNeverBecomesAMessage() {
		connectPage();
		deliver("/facebook", text("m_question"));

		deliver("/facebook", fixture("messenger-echo.json", "PAGE_ID", PAGE_ID, "PSID", PSID, "APP_ID", APP_ID, "MID",
				"m_unknown_echo", "TEXT", "sent by us"));

		assertThat(count("select count(*) from messages")).isEqualTo(1);
	}

	@Test
	void deliveryAndReadReceiptsMarkOurMessagesUpToTheWatermark() {
		connectPage();
		graph.on("POST", "/me/messages", 200, "{\"recipient_id\":\"" + PSID + "\",\"message_id\":\"m_reply\"}");
		deliver("/facebook", text("m_question"));
		String conversation = onlyConversation().path("id").asString();
		String reply = this.api
			.post("/messages.send", this.admin,
					Map.of("conversation_id", conversation, "message", Map.of("text", "On its way")))
			.text("id");
		await().atMost(Duration.ofSeconds(10))
			.until(() -> "DELIVERED".equals(message(reply).path("delivery_state").asString()));
		String watermark = Long.toString(Instant.now().plusSeconds(1).toEpochMilli());
		String early = Long.toString(Instant.now().minusSeconds(3600).toEpochMilli());

		deliver("/facebook", fixture("messenger-delivery.json", "PAGE_ID", PAGE_ID, "PSID", PSID, "MID", "m_reply",
				"WATERMARK", early));
		JsonNode beforeWatermark = message(reply).path("metadata").path("source");
		deliver("/facebook", fixture("messenger-delivery.json", "PAGE_ID", PAGE_ID, "PSID", PSID, "MID", "m_reply",
				"WATERMARK", watermark));
		JsonNode delivered = message(reply).path("metadata").path("source");
		deliver("/facebook", fixture("messenger-read.json", "PAGE_ID", PAGE_ID, "PSID", PSID, "WATERMARK", watermark));
		JsonNode read = message(reply).path("metadata").path("source");

		assertThat(beforeWatermark.has("delivered_at")).isFalse();
		assertThat(delivered.path("delivered_at").asString()).isNotEmpty();
		assertThat(delivered.has("read_at")).isFalse();
		assertThat(read.path("read_at").asString()).isNotEmpty();
		assertThat(message(reply).path("metadata").path("source").path("id").asString()).isEqualTo("m_reply");
		assertThat(messages(conversation).get(0).path("metadata").has("source")).as("the contact's own message")
			.isFalse();
	}

	@Test
	void instagramMessagesArriveOnTheInstagramChannelWithTheirProfile() {
		connectInstagram();

		deliver("/instagram", fixture("instagram-text.json", "ACCOUNT_ID", ACCOUNT_ID, "IGSID", IGSID, "MID", "ig_1"));

		await().atMost(Duration.ofSeconds(10))
			.until(() -> "Ada Lovelace".equals(onlyConversation().path("contact").path("display_name").asString()));
		JsonNode conversation = onlyConversation();
		assertThat(conversation.path("channel").path("source").asString()).isEqualTo("instagram");
		assertThat(messages(conversation.path("id").asString()).get(0).path("content").path("text").asString())
			.isEqualTo("hi from Instagram");
		assertThat(graph.requests("GET", "/" + IGSID).get(0).query().get("fields")).isEqualTo("name,profile_pic");
	}

	@Test
	void anInstagramEventPostedToTheFacebookWebhookStillReachesItsChannel() {
		connectInstagram();

		deliver("/facebook", fixture("instagram-text.json", "ACCOUNT_ID", ACCOUNT_ID, "IGSID", IGSID, "MID", "ig_2"));

		assertThat(onlyConversation().path("channel").path("source").asString()).isEqualTo("instagram");
	}

	@Test
	void anUnsentInstagramMessageIsMarkedDeleted() {
		connectInstagram();
		deliver("/instagram", fixture("instagram-text.json", "ACCOUNT_ID", ACCOUNT_ID, "IGSID", IGSID, "MID", "ig_3"));
		String messageId = messages(onlyConversation().path("id").asString()).get(0).path("id").asString();

		deliver("/instagram",
				fixture("instagram-deleted.json", "ACCOUNT_ID", ACCOUNT_ID, "IGSID", IGSID, "MID", "ig_3"));
		deliver("/instagram",
				fixture("instagram-deleted.json", "ACCOUNT_ID", ACCOUNT_ID, "IGSID", IGSID, "MID", "ig_never_seen"));

		assertThat(message(messageId).path("metadata").path("deleted").asBoolean()).isTrue();
		List<JsonNode> messages = messages(onlyConversation().path("id").asString());
		assertThat(messages).hasSize(2);
		assertThat(messages.get(1).path("content").path("type").asString()).isEqualTo("unsupported");
		assertThat(messages.get(1).path("source_content").path("message").path("is_deleted").asBoolean()).isTrue();
	}

}

package dev.switchboard.message;

import java.util.ArrayList;
import java.util.List;

import dev.switchboard.Api.Response;
import dev.switchboard.IntegrationTests;
import dev.switchboard.channel.ChannelView;
import dev.switchboard.conversation.ConversationService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static dev.switchboard.Api.body;
import static org.assertj.core.api.Assertions.assertThat;

class MessageTests extends IntegrationTests {

	private static final String UNKNOWN = "1b4e28ba-2fa1-11d2-883f-0016d3cca427";

	@Autowired
	private ConversationService conversationService;

	@Autowired
	private MessageService messageService;

	private String admin;

	private String agent;

	private ChannelView channel;

	private String conversationId;

	@BeforeEach
	void setUp() {
		this.admin = this.api.admin();
		this.agent = this.api.user(this.admin, "agent");
		this.channel = this.conversations.channel("acme");
		this.conversationId = this.conversations.inbound(this.channel, "c1", "Ada", "m0", null)
			.conversationId()
			.toString();
	}

	@Test
	void messagesListPagesOldestFirstOrNewestFirst() {
		for (int i = 1; i < 7; i++) {
			this.conversations.inbound(this.channel, "c1", "Ada", "m" + i, null);
		}

		assertThat(walk("asc")).containsExactly("m0", "m1", "m2", "m3", "m4", "m5", "m6");
		assertThat(walk("desc")).containsExactly("m6", "m5", "m4", "m3", "m2", "m1", "m0");
		Response page = this.api.post("/messages.list", this.agent,
				body("conversation_id", this.conversationId, "page_size", 3));
		assertThat(page.body().path("response_metadata").path("total").asInt()).isEqualTo(7);
		Response back = this.api.post("/messages.list", this.agent,
				body("conversation_id", this.conversationId, "page_size", 3, "cursor",
						this.api
							.post("/messages.list", this.agent,
									body("conversation_id", this.conversationId, "page_size", 3, "cursor",
											page.text("response_metadata.next_cursor")))
							.text("response_metadata.previous_cursor")));
		assertThat(texts(back)).containsExactly("m0", "m1", "m2");
	}

	@Test
	void messagesListChecksItsInput() {
		assertThat(this.api.post("/messages.list", this.agent, body("conversation_id", UNKNOWN)).status())
			.isEqualTo(404);
		assertThat(
				this.api.post("/messages.list", this.agent, body("conversation_id", this.conversationId, "order", "up"))
					.status())
			.isEqualTo(400);
		String other = this.conversations.inbound(this.channel, "c2", "Bob", "x", null).conversationId().toString();
		this.conversations.inbound(this.channel, "c2", "Bob", "y", null);
		String cursor = this.api.post("/messages.list", this.agent, body("conversation_id", other, "page_size", 1))
			.text("response_metadata.next_cursor");
		assertThat(cursor).isNotEmpty();
		assertThat(this.api
			.post("/messages.list", this.agent, body("conversation_id", this.conversationId, "cursor", cursor))
			.status()).as("a cursor of another conversation").isEqualTo(400);
	}

	@Test
	void sendShowsTheMessageShape() {
		Response sent = this.api.post("/messages.send", this.agent,
				body("conversation_id", this.conversationId, "message",
						body("text", "see", "attachment", body("type", "image", "url", "https://example.com/a.png"))));

		assertThat(sent.status()).isEqualTo(200);
		assertThat(sent.body().propertyNames()).contains("id", "content", "delivery_state", "sender_type", "sender",
				"sent_at", "source", "metadata");
		assertThat(sent.text("content.type")).isEqualTo("image");
		assertThat(sent.text("content.url")).isEqualTo("https://example.com/a.png");
		assertThat(sent.text("content.text")).isEqualTo("see");
		assertThat(sent.text("sender.name")).isEqualTo("Test agent");
		assertThat(sent.text("source")).isEqualTo("fake");
	}

	@Test
	void sendRefusesWhatCannotBeSent() {
		assertThat(send(body("text", "x".repeat(4097))).status()).isEqualTo(400);
		assertThat(send(body("text", "x".repeat(4096))).status()).isEqualTo(200);
		assertThat(send(body("text", "\uD83D\uDE00".repeat(4096))).status()).as("4096 emoji are 4096 characters")
			.isEqualTo(200);
		Response badType = send(body("attachment", body("type", 5, "url", "https://example.com/a")));
		assertThat(badType.text("detail")).startsWith("message.attachment.type");
		assertThat(send(body()).status()).isEqualTo(400);
		assertThat(send(body("attachment", body("type", "sticker", "url", "https://example.com/a"))).status())
			.isEqualTo(400);
		assertThat(send(body("attachment", body("type", "image", "url", "javascript:alert(1)"))).status())
			.isEqualTo(400);
		Response template = send(body("template", body("name", "hello")));
		assertThat(template.status()).isEqualTo(400);
		assertThat(template.text("detail")).contains("cannot carry");
		assertThat(this.api
			.post("/messages.send", this.agent, body("conversation_id", UNKNOWN, "message", body("text", "x")))
			.status()).isEqualTo(404);
		assertThat(this.api.post("/messages.send", this.agent, body("message", body("text", "x"))).status())
			.isEqualTo(400);
	}

	@Test
	void aSourcePayloadIsForwardedAsIs() {
		Response sent = send(body("source_payload", body("quick_replies", List.of(body("title", "Yes")))));

		assertThat(sent.status()).isEqualTo(200);
		assertThat(sent.text("content.type")).isEqualTo("unsupported");
		assertThat(sent.body().path("source_content").path("quick_replies").get(0).path("title").asString())
			.isEqualTo("Yes");
		org.awaitility.Awaitility.await().until(() -> !this.fakeSender.attempts().isEmpty());
		assertThat(this.fakeSender.attempts().get(0).content().type()).isEqualTo("source_payload");
	}

	@Test
	void sendingOnADisconnectedChannelIs409() {
		this.api.post("/channels.disconnect", this.admin, body("channel_id", this.channel.id()));

		assertThat(send(body("text", "x")).status()).isEqualTo(409);
	}

	@Test
	void aMessageToARecipientStartsAConversation() {
		Response sent = this.api.post("/messages.send", this.agent, body("channel_id", this.channel.id(),
				"source_recipient_id", "+4915112345678", "message", body("text", "Your order shipped")));

		assertThat(sent.status()).isEqualTo(200);
		Response conversation = this.api.post("/conversations.info", this.agent,
				body("conversation_id", sent.text("conversation_id")));
		assertThat(conversation.text("contact.display_name")).isEqualTo("+4915112345678");
		assertThat(conversation.body().path("unread_message_count").asInt()).isZero();
		String chatplugin = this.api.post("/channels.chatplugin.connect", this.admin, body("name", "Web")).text("id");
		assertThat(
				this.api
					.post("/messages.send", this.agent,
							body("channel_id", chatplugin, "source_recipient_id", "someone", "message",
									body("text", "x")))
					.status())
			.isEqualTo(400);
	}

	private Response send(Object message) {
		return this.api.post("/messages.send", this.agent,
				body("conversation_id", this.conversationId, "message", message));
	}

	private List<String> walk(String order) {
		List<String> texts = new ArrayList<>();
		String cursor = null;
		do {
			Response page = this.api.post("/messages.list", this.agent,
					body("conversation_id", this.conversationId, "page_size", 3, "order", order, "cursor", cursor));
			texts.addAll(texts(page));
			cursor = page.text("response_metadata.next_cursor");
		}
		while (!cursor.isEmpty());
		return texts;
	}

	private static List<String> texts(Response page) {
		List<String> texts = new ArrayList<>();
		page.body().path("data").forEach((message) -> texts.add(message.path("content").path("text").asString()));
		return texts;
	}

}

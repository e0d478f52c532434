package dev.switchboard.conversation;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import dev.switchboard.Api.Response;
import dev.switchboard.IntegrationTests;
import dev.switchboard.channel.ChannelView;
import dev.switchboard.message.MessageService;
import dev.switchboard.message.MessageView;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static dev.switchboard.Api.body;
import static org.assertj.core.api.Assertions.assertThat;

class ConversationTests extends IntegrationTests {

	private static final String UNKNOWN = "1b4e28ba-2fa1-11d2-883f-0016d3cca427";

	@Autowired
	private ConversationService conversationService;

	@Autowired
	private MessageService messageService;

	private String admin;

	private String agent;

	private ChannelView channel;

	@BeforeEach
	void setUp() {
		this.admin = this.api.admin();
		this.agent = this.api.user(this.admin, "agent");
		this.channel = this.conversations.channel("acme");
	}

	@Test
	void infoShowsTheConversationShape() {
		MessageView message = this.conversations.inbound(this.channel, "c1", "Ada Lovelace", "hi", null);

		Response info = this.api.post("/conversations.info", this.agent,
				body("conversation_id", message.conversationId()));

		assertThat(info.status()).isEqualTo(200);
		JsonNode body = info.body();
		assertThat(body.propertyNames()).contains("id", "channel", "created_at", "contact", "tags", "metadata", "state",
				"last_message", "unread_message_count");
		assertThat(body.path("channel").propertyNames()).contains("id", "name", "source", "source_channel_id",
				"metadata", "connected");
		assertThat(body.path("contact").path("display_name").asString()).isEqualTo("Ada Lovelace");
		assertThat(body.path("state").asString()).isEqualTo("OPEN");
		assertThat(body.path("last_message").path("id").asString()).isEqualTo(message.id().toString());
		assertThat(body.path("created_at").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
	}

	@Test
	void contactMessagesCountAsUnreadAgentMessagesNeverAndReadResets() {
		MessageView first = this.conversations.inbound(this.channel, "c1", "Ada", "one", null);
		this.conversations.inbound(this.channel, "c1", "Ada", "two", null);
		String id = first.conversationId().toString();
		this.api.post("/messages.send", this.agent, body("conversation_id", id, "message", body("text", "reply")));

		assertThat(unread(id)).isEqualTo(2);
		assertThat(this.api.post("/conversations.read", this.agent, body("conversation_id", id)).text())
			.isEqualTo("{}");
		assertThat(unread(id)).isZero();
		this.api.post("/messages.send", this.agent, body("conversation_id", id, "message", body("text", "again")));
		assertThat(unread(id)).isZero();
		assertThat(this.api.post("/conversations.read", this.agent, body("conversation_id", UNKNOWN)).status())
			.isEqualTo(404);
	}

	@Test
	void aClosedConversationReopensOnANewContactMessage() {
		String id = this.conversations.inbound(this.channel, "c1", "Ada", "one", null).conversationId().toString();

		assertThat(this.api.post("/conversations.set-state", this.agent, body("conversation_id", id, "state", "CLOSED"))
			.status()).isEqualTo(200);
		assertThat(state(id)).isEqualTo("CLOSED");
		this.api.post("/messages.send", this.agent, body("conversation_id", id, "message", body("text", "bye")));
		assertThat(state(id)).isEqualTo("CLOSED");
		this.conversations.inbound(this.channel, "c1", "Ada", "wait!", null);
		assertThat(state(id)).isEqualTo("OPEN");
	}

	@Test
	void setStateChecksItsInput() {
		String id = this.conversations.inbound(this.channel, "c1", "Ada", "one", null).conversationId().toString();

		assertThat(this.api.post("/conversations.set-state", this.agent, body("conversation_id", id, "state", "DONE"))
			.status()).isEqualTo(400);
		assertThat(
				this.api.post("/conversations.set-state", this.agent, body("conversation_id", UNKNOWN, "state", "OPEN"))
					.status())
			.isEqualTo(404);
	}

	@Test
	void tagAndUntagAreIdempotentAndCheckBothIds() {
		String id = this.conversations.inbound(this.channel, "c1", "Ada", "one", null).conversationId().toString();
		String tag = this.api.post("/tags.create", this.admin, body("name", "vip", "color", "tag-red")).text("id");

		assertThat(this.api.post("/conversations.tag", this.agent, body("conversation_id", id, "tag_id", tag)).status())
			.isEqualTo(200);
		assertThat(this.api.post("/conversations.tag", this.agent, body("conversation_id", id, "tag_id", tag)).status())
			.isEqualTo(200);
		assertThat(info(id).path("tags")).hasSize(1);
		assertThat(this.api.post("/conversations.tag", this.agent, body("conversation_id", id, "tag_id", UNKNOWN))
			.status()).isEqualTo(404);
		assertThat(this.api.post("/conversations.tag", this.agent, body("conversation_id", UNKNOWN, "tag_id", tag))
			.status()).isEqualTo(404);
		assertThat(
				this.api.post("/conversations.untag", this.agent, body("conversation_id", id, "tag_id", tag)).status())
			.isEqualTo(200);
		assertThat(info(id).path("tags")).isEmpty();
		assertThat(this.api.post("/conversations.untag", this.agent, body("conversation_id", UNKNOWN, "tag_id", tag))
			.status()).isEqualTo(404);
	}

	@Test
	void deletingATagRemovesItFromConversations() {
		String id = this.conversations.inbound(this.channel, "c1", "Ada", "one", null).conversationId().toString();
		String tag = this.api.post("/tags.create", this.admin, body("name", "vip", "color", "tag-red")).text("id");
		this.api.post("/conversations.tag", this.agent, body("conversation_id", id, "tag_id", tag));

		this.api.post("/tags.delete", this.admin, body("id", tag));

		assertThat(info(id).path("tags")).isEmpty();
	}

	@Test
	void updateContactRenamesTheContact() {
		String id = this.conversations.inbound(this.channel, "c1", "Ada", "one", null).conversationId().toString();

		assertThat(this.api
			.post("/conversations.update-contact", this.agent, body("conversation_id", id, "display_name", "Grace"))
			.status()).isEqualTo(200);
		assertThat(info(id).path("contact").path("display_name").asString()).isEqualTo("Grace");
		assertThat(this.api
			.post("/conversations.update-contact", this.agent, body("conversation_id", id, "display_name", " "))
			.status()).isEqualTo(400);
		assertThat(this.api
			.post("/conversations.update-contact", this.agent, body("conversation_id", UNKNOWN, "display_name", "x"))
			.status()).isEqualTo(404);
	}

	@Test
	void metadataKeysNestAndAnyJsonValueIsKept() {
		String id = this.conversations.inbound(this.channel, "c1", "Ada", "one", null).conversationId().toString();

		this.api.post("/metadata.set", this.agent, body("conversation_id", id, "key", "ad.id", "value", "Grace"));
		this.api.post("/metadata.set", this.agent,
				body("conversation_id", id, "key", "crm.owner.name", "value", body("first", "G", "n", 2)));
		this.api.post("/metadata.set", this.agent, body("conversation_id", id, "key", "score", "value", 4.5));
		this.api.post("/metadata.set", this.agent,
				"{\"conversation_id\": \"" + id + "\", \"key\": \"x\", \"value\": null}");

		JsonNode metadata = info(id).path("metadata");
		assertThat(metadata.path("ad").path("id").asString()).isEqualTo("Grace");
		assertThat(metadata.path("crm").path("owner").path("name").path("n").asInt()).isEqualTo(2);
		assertThat(metadata.path("score").asDouble()).isEqualTo(4.5);
		assertThat(metadata.has("x")).isTrue();
		assertThat(metadata.path("x").isNull()).isTrue();

		assertThat(this.api.post("/metadata.remove", this.agent, body("conversation_id", id, "key", "ad.id")).status())
			.isEqualTo(200);
		assertThat(info(id).path("metadata").path("ad").has("id")).isFalse();
	}

	@Test
	void metadataRefusesBadKeysMissingValuesAndUnknownConversations() {
		String id = this.conversations.inbound(this.channel, "c1", "Ada", "one", null).conversationId().toString();

		for (String key : new String[] { "", "a..b", "a b", "a.b.c.d.e.f.g.h.i", "ä" }) {
			assertThat(this.api.post("/metadata.set", this.agent, body("conversation_id", id, "key", key, "value", 1))
				.status()).as(key).isEqualTo(400);
		}
		assertThat(this.api.post("/metadata.set", this.agent, body("conversation_id", id, "key", "a")).status())
			.isEqualTo(400);
		assertThat(this.api.post("/metadata.set", this.agent, body("conversation_id", UNKNOWN, "key", "a", "value", 1))
			.status()).isEqualTo(404);
		assertThat(this.api.post("/metadata.remove", this.agent, body("conversation_id", UNKNOWN, "key", "a")).status())
			.isEqualTo(404);
		assertThat(this.api
			.post("/metadata.set", this.agent,
					body("conversation_id", id, "key", "big", "value",
							"x".repeat(ConversationService.MAX_METADATA_BYTES)))
			.status()).isEqualTo(400);
	}

	@Test
	void theLatestMessageByTimeIsTheLastMessageEvenWhenAnOlderOneArrivesLater() {
		Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		MessageView latest = this.conversations.inbound(this.channel, "c1", "Ada", "latest", now);
		this.conversations.inbound(this.channel, "c1", "Ada", "late arrival", now.minusSeconds(60));

		assertThat(info(latest.conversationId().toString()).path("last_message").path("id").asString())
			.isEqualTo(latest.id().toString());
	}

	private JsonNode info(String id) {
		return this.api.post("/conversations.info", this.agent, body("conversation_id", id)).body();
	}

	private int unread(String id) {
		return info(id).path("unread_message_count").asInt();
	}

	private String state(String id) {
		return info(id).path("state").asString();
	}

	static UUID uuid(String value) {
		return UUID.fromString(value);
	}

}

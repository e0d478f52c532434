package dev.switchboard.channelsapi;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.switchboard.Api;
import dev.switchboard.Api.Response;
import dev.switchboard.media.Media;
import dev.switchboard.media.MediaService;
import dev.switchboard.source.meta.FakeGraph;
import dev.switchboard.source.meta.MetaIntegrationTests;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester.MockMvcRequestBuilder;

import static dev.switchboard.Api.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The resource-style Channels API as a Bird client uses it, on WhatsApp against the fake
 * Graph API.
 */
class ChannelsApiTests extends MetaIntegrationTests {

	static final String PHONE_NUMBER_ID = "106540352242922";

	static final String WA_ID = "16505551234";

	static final String PUBLIC_URL = "http://localhost:8080";

	/** The first bytes of a PNG file: enough for its type to be sniffed. */
	static final byte[] PNG = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R', 0,
			0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0 };

	@Autowired
	private MediaService media;

	private String workspace;

	@BeforeEach
	void workspace() {
		this.workspace = "/workspaces/" + this.jdbc.sql("select id from workspaces").query(UUID.class).single();
	}

	@Test
	void aKeyForOneChannelListsItSendsTextAndAnImageAndFollowsTheStatusAndInteractions() {
		String channel = connectWhatsApp();
		String other = this.api
			.post("/channels.connect", this.admin,
					body("source", "fake", "account_id", "other", "token", "platform-token"))
			.text("id");
		String key = key(allow(List.of("view"), this.workspace + "/channels"),
				allow(List.of("view", "create"), this.workspace + "/channels/" + channel + "/**"));
		AtomicInteger sends = new AtomicInteger();
		graph.on("POST", "/" + PHONE_NUMBER_ID + "/messages", (request) -> new FakeGraph.Reply(200,
				"{\"messages\":[{\"id\":\"wamid.out" + sends.incrementAndGet() + "\"}]}"));

		Response channels = call(HttpMethod.GET, this.workspace + "/channels", key, null);
		assertThat(channels.status()).as(channels.text()).isEqualTo(200);
		assertThat(channels.body().path("results")).hasSize(1);
		JsonNode listed = channels.body().path("results").get(0);
		assertThat(listed.path("id").asString()).isEqualTo(channel);
		assertThat(listed.path("platformId").asString()).isEqualTo("whatsapp");
		assertThat(listed.path("identifier").asString()).isEqualTo(PHONE_NUMBER_ID);
		assertThat(listed.path("status").asString()).isEqualTo("active");
		assertThat(listed.has("createdAt")).isTrue();
		assertThat(channels.body().path("nextPageToken").isNull()).isTrue();

		Response text = call(HttpMethod.POST, this.workspace + "/channels/" + channel + "/messages", key,
				body("receiver", body("contacts", List.of(body("identifierValue", WA_ID))), "body",
						body("type", "text", "text", body("text", "Your order shipped")), "reference", "order-42"));
		assertThat(text.status()).as(text.text()).isEqualTo(202);
		assertThat(text.text("status")).isEqualTo("accepted");
		assertThat(text.text("direction")).isEqualTo("outgoing");
		assertThat(text.text("reference")).isEqualTo("order-42");
		assertThat(text.text("channelId")).isEqualTo(channel);
		assertThat(text.body().path("receiver").path("contacts").get(0).path("identifierKey").asString())
			.isEqualTo("phonenumber");
		assertThat(text.body().path("receiver").path("contacts").get(0).path("identifierValue").asString())
			.isEqualTo(WA_ID);
		assertThat(text.body().path("body").path("text").path("text").asString()).isEqualTo("Your order shipped");
		String textId = text.text("id");
		List<String> walk = new ArrayList<>(List.of(text.text("status")));

		Response presigned = call(HttpMethod.POST, this.workspace + "/channels/" + channel + "/presigned-upload", key,
				body("contentType", "image/png", "filename", "box.png", "size", PNG.length));
		assertThat(presigned.status()).as(presigned.text()).isEqualTo(200);
		assertThat(presigned.text("uploadMethod")).isEqualTo("PUT");
		Response uploaded = put(presigned.text("uploadUrl"), PNG);
		assertThat(uploaded.status()).as(uploaded.text()).isEqualTo(200);
		assertThat(uploaded.text("contentType")).isEqualTo("image/png");
		String mediaUrl = presigned.text("mediaUrl");
		assertThat(mediaUrl)
			.isEqualTo(PUBLIC_URL + this.workspace + "/channels/" + channel + "/media/" + presigned.text("mediaId"));
		Response image = call(HttpMethod.POST, this.workspace + "/channels/" + channel + "/messages", key,
				body("receiver", body("contacts", List.of(body("identifierValue", WA_ID))), "body", body("type",
						"image", "image", body("images", List.of(body("mediaUrl", mediaUrl, "altText", "The box"))))));
		assertThat(image.status()).as(image.text()).isEqualTo(202);
		assertThat(image.body().path("body").path("image").path("images").get(0).path("mediaUrl").asString())
			.isEqualTo(mediaUrl);
		Response media = call(HttpMethod.GET, mediaUrl.substring(PUBLIC_URL.length()), key, null);
		assertThat(media.status()).isEqualTo(200);
		assertThat(media.raw().getContentAsByteArray()).isEqualTo(PNG);

		awaitStatus(channel, textId, key, "sent");
		walk.add("sent");
		awaitStatus(channel, image.text("id"), key, "sent");
		// WhatsApp fetches the image from a public signed link, not the authenticated URL
		String link = graph.requests("POST", "/" + PHONE_NUMBER_ID + "/messages")
			.stream()
			.map((request) -> this.json.readTree(request.body()).path("image").path("link").asString(""))
			.filter((url) -> !url.isEmpty())
			.findFirst()
			.orElseThrow();
		assertThat(link).startsWith(PUBLIC_URL + "/media/" + presigned.text("mediaId") + "?expires=");
		Response fetched = call(HttpMethod.GET, link.substring(PUBLIC_URL.length()), null, null);
		assertThat(fetched.status()).isEqualTo(200);
		assertThat(fetched.raw().getContentAsByteArray()).isEqualTo(PNG);
		String wamid = this.jdbc.sql("select source_message_id from messages where id = cast(:id as uuid)")
			.param("id", textId)
			.query(String.class)
			.single();

		deliver("/whatsapp", status(wamid, "delivered", 1700000300));
		walk.add(message(channel, textId, key).text("status"));
		deliver("/whatsapp", status(wamid, "read", 1700000400));
		walk.add(message(channel, textId, key).text("status"));
		deliver("/whatsapp", fixture("whatsapp-reaction.json", "PHONE_NUMBER_ID", PHONE_NUMBER_ID, "WAMID", wamid));

		assertThat(walk).containsExactly("accepted", "sent", "delivered", "read");
		Response read = message(channel, textId, key);
		assertThat(read.text("lastStatusAt")).isEqualTo("2023-11-14T22:20:00.000Z");
		Response interactions = call(HttpMethod.GET,
				this.workspace + "/channels/" + channel + "/messages/" + textId + "/interactions", key, null);
		assertThat(interactions.status()).as(interactions.text()).isEqualTo(200);
		assertThat(interactions.body().path("results").valueStream().map((i) -> i.path("type").asString()))
			.containsExactly("delivered", "read", "reaction", "reaction");
		assertThat(interactions.body().path("results").get(0).path("messageId").asString()).isEqualTo(textId);
		assertThat(interactions.body().path("results").get(2).path("reaction").path("emoji").asString())
			.isEqualTo("\uD83D\uDC4D");

		Response outgoing = call(HttpMethod.GET,
				this.workspace + "/channels/" + channel + "/messages?direction=outgoing&status=read", key, null);
		assertThat(outgoing.body().path("results").valueStream().map((m) -> m.path("id").asString()))
			.containsExactly(textId);

		assertThat(call(HttpMethod.GET, this.workspace + "/channels/" + other + "/messages", key, null).status())
			.isEqualTo(403);
		assertThat(call(HttpMethod.POST, this.workspace + "/channels/" + other + "/messages", key,
				body("receiver", body("contacts", List.of(body("identifierValue", "someone"))), "body",
						body("type", "text", "text", body("text", "hi"))))
			.status()).isEqualTo(403);
		assertThat(call(HttpMethod.GET, this.workspace + "/channels/" + other, key, null).status()).isEqualTo(403);
		String elsewhere = "/workspaces/"
				+ this.api.post("/workspaces.create", this.admin, body("name", "Other")).text("id");
		assertThat(call(HttpMethod.GET, elsewhere + "/channels", key, null).status()).isEqualTo(404);
		assertThat(call(HttpMethod.GET, elsewhere + "/channels/" + channel + "/messages", key, null).status())
			.isEqualTo(404);
		assertThat(call(HttpMethod.GET, elsewhere + "/channels/" + channel + "/messages", this.admin, null).status())
			.isEqualTo(404);
	}

	@Test
	void theSameIdempotencyKeySendsOnceAndAFailedSendShowsItsReason() {
		String channel = connectWhatsApp();
		graph.on("POST", "/" + PHONE_NUMBER_ID + "/messages", 400, "{\"error\":{\"message\":\"(#131047) "
				+ "Re-engagement message\",\"type\":\"OAuthException\",\"code\":131047}}");
		Map<String, Object> request = body("receiver", body("contacts", List.of(body("identifierValue", WA_ID))),
				"body", body("type", "text", "text", body("text", "hello")));

		Response first = callWith(HttpMethod.POST, this.workspace + "/channels/" + channel + "/messages", this.admin,
				request, "order-7");
		Response again = callWith(HttpMethod.POST, this.workspace + "/channels/" + channel + "/messages", this.admin,
				request, "order-7");

		assertThat(first.status()).as(first.text()).isEqualTo(202);
		assertThat(again.text("id")).isEqualTo(first.text("id"));
		assertThat(count("select count(*) from messages")).isOne();
		JsonNode failed = awaitStatus(channel, first.text("id"), this.admin, "sending_failed").body();
		assertThat(failed.path("reason").asString()).contains("131047");
		assertThat(this.api
			.post("/messages.list", this.admin, body("conversation_id", failed.path("conversationId").asString()))
			.body()
			.path("data")
			.get(0)
			.path("delivery_state")
			.asString()).isEqualTo("FAILED");
	}

	@Test
	void badRequestsAreProblemsNotErrors() {
		String channel = connectWhatsApp();
		String messages = this.workspace + "/channels/" + channel + "/messages";

		assertThat(call(HttpMethod.POST, messages, this.admin, body("body", body("type", "text"))).status())
			.isEqualTo(400);
		assertThat(call(HttpMethod.POST, messages, this.admin, body("receiver",
				body("contacts", List.of(body("identifierValue", WA_ID))), "body",
				body("type", "image", "image", body("images", List.of(body("mediaUrl",
						PUBLIC_URL + this.workspace + "/channels/" + channel + "/media/" + UUID.randomUUID()))))))
			.status()).isEqualTo(400);
		assertThat(call(HttpMethod.GET, this.workspace + "/channels/not-a-uuid", this.admin, null).status())
			.isEqualTo(400);
		assertThat(call(HttpMethod.GET, this.workspace + "/channels/" + UUID.randomUUID(), this.admin, null).status())
			.isEqualTo(404);
		assertThat(call(HttpMethod.GET, messages + "?startAt=yesterday", this.admin, null).status()).isEqualTo(400);
		assertThat(call(HttpMethod.GET, messages + "?status=lost", this.admin, null).status()).isEqualTo(400);
		Response patched = call(HttpMethod.PATCH, this.workspace + "/channels/" + channel, this.admin,
				body("name", "Support line"));
		assertThat(patched.status()).as(patched.text()).isEqualTo(200);
		assertThat(patched.text("name")).isEqualTo("Support line");
		assertThat(call(HttpMethod.GET, this.workspace + "/channels", null, null).status()).isEqualTo(401);
	}

	@Test
	void pagesHaveBoundedLimitsAndRefuseForgedTokens() {
		String channel = connectWhatsApp();
		deliver("/whatsapp", text("wamid.a", 1700000100));
		deliver("/whatsapp", text("wamid.b", 1700000200));
		deliver("/whatsapp", text("wamid.c", 1700000300));
		String messages = this.workspace + "/channels/" + channel + "/messages";

		Response first = call(HttpMethod.GET, messages + "?limit=2", this.admin, null);
		Response second = call(HttpMethod.GET, messages + "?limit=2&pageToken=" + first.text("nextPageToken"),
				this.admin, null);

		assertThat(first.status()).as(first.text()).isEqualTo(200);
		assertThat(first.body().path("results")).hasSize(2);
		assertThat(first.body().path("results").get(0).path("createdAt").asString())
			.isEqualTo("2023-11-14T22:18:20.000Z");
		assertThat(first.body().path("results").get(0).path("direction").asString()).isEqualTo("incoming");
		assertThat(first.body().path("results").get(0).path("status").asString()).isEqualTo("delivered");
		assertThat(
				first.body().path("results").get(0).path("sender").path("contact").path("identifierValue").asString())
			.isEqualTo(WA_ID);
		assertThat(second.body().path("results")).hasSize(1);
		assertThat(second.body().path("nextPageToken").isNull()).isTrue();
		assertThat(call(HttpMethod.GET, messages, this.admin, null).body().path("results")).hasSize(3);
		assertThat(call(HttpMethod.GET, messages + "?limit=0", this.admin, null).status()).isEqualTo(400);
		assertThat(call(HttpMethod.GET, messages + "?limit=101", this.admin, null).status()).isEqualTo(400);
		assertThat(call(HttpMethod.GET, messages + "?limit=100", this.admin, null).status()).isEqualTo(200);
		String token = first.text("nextPageToken");
		String forged = token.substring(0, token.length() - 2) + (token.endsWith("AA") ? "BB" : "AA");
		assertThat(call(HttpMethod.GET, messages + "?pageToken=" + forged, this.admin, null).status()).isEqualTo(400);
		assertThat(call(HttpMethod.GET, messages + "?pageToken=nonsense", this.admin, null).status()).isEqualTo(400);
		assertThat(call(HttpMethod.GET, messages + "?direction=outgoing&pageToken=" + token, this.admin, null).status())
			.isEqualTo(400);
		assertThat(call(HttpMethod.GET, this.workspace + "/channels?limit=0", this.admin, null).status())
			.isEqualTo(400);
		assertThat(call(HttpMethod.GET, this.workspace + "/channels?pageToken=" + token, this.admin, null).status())
			.isEqualTo(400);
	}

	@Test
	void whatsAppMediaAreDownloadedOnceHoweverOftenTheyAreRead() {
		connectWhatsApp();
		String mediaId = "1003383421387256";
		graph.on("GET", "/" + mediaId, 200,
				"{\"url\":\"" + graph.url() + "/lookaside/" + mediaId + "\",\"mime_type\":\"image/jpeg\"}");
		graph.on("GET", "/lookaside/" + mediaId, 200, "{\"pretend\":\"these are the image's bytes\"}");
		deliver("/whatsapp", fixture("whatsapp-messages.json", "PHONE_NUMBER_ID", PHONE_NUMBER_ID));
		String messageId = this.jdbc
			.sql("select id::text from messages where content ->> 'media_id' = :media and content ->> 'type' = 'image'")
			.param("media", mediaId)
			.query(String.class)
			.single();
		String conversation = this.jdbc.sql("select conversation_id::text from messages where id = cast(:id as uuid)")
			.param("id", messageId)
			.query(String.class)
			.single();
		String url = messages(conversation).stream()
			.filter((message) -> message.path("id").asString().equals(messageId))
			.findFirst()
			.orElseThrow()
			.path("content")
			.path("url")
			.asString();

		Response first = call(HttpMethod.GET, url.substring(PUBLIC_URL.length()), this.admin, null);
		Response second = call(HttpMethod.GET, url.substring(PUBLIC_URL.length()), this.admin, null);

		assertThat(url).isEqualTo(PUBLIC_URL + this.workspace + "/messages/" + messageId + "/media/" + mediaId);
		assertThat(first.status()).as(first.text()).isEqualTo(200);
		assertThat(first.text()).isEqualTo("{\"pretend\":\"these are the image's bytes\"}");
		assertThat(second.text()).isEqualTo(first.text());
		assertThat(graph.requests("GET", "/" + mediaId)).hasSize(1);
		assertThat(graph.requests("GET", "/lookaside/" + mediaId)).hasSize(1);
		assertThat(graph.requests("GET", "/lookaside/" + mediaId).get(0).authorization()).startsWith("Bearer ");
		assertThat(call(HttpMethod.GET, url.substring(PUBLIC_URL.length()), null, null).status()).isEqualTo(401);
		assertThat(call(HttpMethod.GET, this.workspace + "/messages/" + messageId + "/media/999", this.admin, null)
			.status()).isEqualTo(404);
	}

	@Test
	void mediaStoredWithAMessageAreServedAtTheMessagesMediaUrl() {
		connectWhatsApp();
		deliver("/whatsapp", text("wamid.mail", 1700000100));
		UUID workspaceId = UUID.fromString(this.workspace.substring("/workspaces/".length()));
		UUID messageId = this.jdbc.sql("select id from messages").query(UUID.class).single();
		Media attachment = this.media.store(workspaceId, "invoice.pdf", "%PDF-1.4\n%%EOF\n".getBytes());
		this.media.attach(workspaceId, messageId, attachment.id(), null);

		Response served = call(HttpMethod.GET, this.workspace + "/messages/" + messageId + "/media/" + attachment.id(),
				this.admin, null);

		assertThat(served.status()).as(served.text()).isEqualTo(200);
		assertThat(served.contentType()).isEqualTo("application/pdf");
		assertThat(served.text()).startsWith("%PDF-1.4");
	}

	private String connectWhatsApp() {
		graph.on("GET", "/oauth/access_token", 200, "{\"access_token\":\"EAAW-long-lived\"}");
		graph.on("GET", "/" + PHONE_NUMBER_ID, 200, "{\"display_phone_number\":\"+1 555-078-3881\","
				+ "\"verified_name\":\"Acme Shoes\",\"id\":\"" + PHONE_NUMBER_ID + "\"}");
		return channelId(this.api.post("/channels.whatsapp.connect", this.admin,
				Map.of("phone_number_id", PHONE_NUMBER_ID, "user_token", "EAAW-user-token", "name", "Acme WhatsApp")));
	}

	private static String text(String wamid, long timestamp) {
		return fixture("whatsapp-text.json", "PHONE_NUMBER_ID", PHONE_NUMBER_ID, "WA_ID", WA_ID, "WAMID", wamid,
				"TIMESTAMP", Long.toString(timestamp));
	}

	private static String status(String wamid, String status, long timestamp) {
		return fixture("whatsapp-status.json", "PHONE_NUMBER_ID", PHONE_NUMBER_ID, "WAMID", wamid, "STATUS", status,
				"TIMESTAMP", Long.toString(timestamp));
	}

	private Response message(String channel, String id, String credentials) {
		Response message = call(HttpMethod.GET, this.workspace + "/channels/" + channel + "/messages/" + id,
				credentials, null);
		assertThat(message.status()).as(message.text()).isEqualTo(200);
		return message;
	}

	private Response awaitStatus(String channel, String id, String credentials, String status) {
		await().atMost(Duration.ofSeconds(15))
			.until(() -> status.equals(message(channel, id, credentials).text("status")));
		return message(channel, id, credentials);
	}

	private String key(Object... policies) {
		Response created = this.api.post("/access-keys.create", this.admin,
				body("name", "bird-client", "policies", List.of(policies)));
		assertThat(created.status()).as(created.text()).isEqualTo(201);
		return created.text("key");
	}

	static Map<String, Object> allow(List<String> actions, String... resources) {
		return Map.of("effect", "allow", "actions", actions, "resources", List.of(resources));
	}

	private Response put(String uploadUrl, byte[] bytes) {
		return new Response(this.mvc.put()
			.uri(uploadUrl.substring(PUBLIC_URL.length()))
			.contentType(MediaType.IMAGE_PNG)
			.content(bytes)
			.exchange()
			.getResponse(), this.json);
	}

	/**
	 * Calls a route with a user token or an access key ({@code sbk_…}).
	 */
	Response call(HttpMethod method, String path, String credentials, Object body) {
		return callWith(method, path, credentials, body, null);
	}

	private Response callWith(HttpMethod method, String path, String credentials, Object body, String idempotencyKey) {
		MockMvcRequestBuilder request = this.mvc.method(method).uri(path);
		if (credentials != null) {
			request.header("Authorization", (credentials.startsWith("sbk_") ? "AccessKey " : "Bearer ") + credentials);
		}
		if (idempotencyKey != null) {
			request.header("Idempotency-Key", idempotencyKey);
		}
		if (body != null) {
			request.contentType(MediaType.APPLICATION_JSON).content(this.json.writeValueAsString(body));
		}
		return new Api.Response(request.exchange().getResponse(), this.json);
	}

}

package dev.switchboard.source.google;

import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import dev.switchboard.Api;
import dev.switchboard.source.FakePlatform;
import dev.switchboard.source.FakePlatform.Reply;
import dev.switchboard.source.PlatformTests;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static dev.switchboard.Api.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(OutputCaptureExtension.class)
class GoogleSourceTests extends PlatformTests {

	private static final String AGENT_ID = "c3b2a190-0000-4d5e-8f7a-6b5c4d3e2f1a";

	private static final String CONVERSATION = "7f0c1b2a-3d4e-5f60-7182-93a4b5c6d7e8";

	private static final String MESSAGES_PATH = "/google-api/v1/conversations/" + CONVERSATION + "/messages";

	@Autowired
	private GoogleAccessTokens tokens;

	@BeforeEach
	void forgetTheAccessToken() {
		this.tokens.forget();
	}

	@Test
	void connectsAndDisconnectsAgents() {
		String admin = this.api.admin();

		Api.Response connected = this.api.post("/channels.google.connect", admin,
				body("gbm_id", AGENT_ID, "name", "Acme on Google"));
		Api.Response invalid = this.api.post("/channels.google.connect", admin,
				body("gbm_id", "brands/x/agents/y", "name", "Acme"));

		assertThat(connected.status()).as(connected.text()).isEqualTo(200);
		assertThat(connected.text("source")).isEqualTo("google");
		assertThat(connected.text("source_channel_id")).isEqualTo(AGENT_ID);
		assertThat(connected.text("webhook_url")).isEqualTo(PUBLIC_URL + "/google");
		assertThat(invalid.status()).isEqualTo(400);
		assertThat(invalid.text("detail")).contains("gbm_id: must be the agent id");
		String id = connected.text("id");
		assertThat(this.api.post("/channels.google.disconnect", admin, body("channel_id", id)).status()).isEqualTo(200);
		assertThat(this.api.post("/channels.google.disconnect", admin, body("channel_id", id)).status()).isEqualTo(202);
	}

	@Test
	void theVerificationCallIsAnsweredWithTheSecretOnlyForThePartnerKey() {
		Api.Response verified = postGoogle(fixture("google/verification.json").replace("{{CLIENT_TOKEN}}", PARTNER_KEY),
				null);
		Api.Response wrongToken = postGoogle(fixture("google/verification.json").replace("{{CLIENT_TOKEN}}", "guess"),
				null);

		assertThat(verified.status()).isEqualTo(200);
		assertThat(verified.contentType()).startsWith("text/plain");
		assertThat(verified.text()).isEqualTo("1234567890");
		assertThat(wrongToken.status()).isEqualTo(403);
		assertThat(wrongToken.text()).doesNotContain("1234567890");
		assertThat(storedEvents("google")).isZero();
	}

	@Test
	void eventsWithoutAValidSignatureAreRefusedAndNothingIsStored() {
		String event = fixture("google/message-text.json");

		Api.Response missing = postGoogle(event, null);
		Api.Response wrongKey = postGoogle(event, hmac("HmacSHA512", "not-the-key", event));
		Api.Response tampered = postGoogle(event.replace("Sundays", "Mondays"), hmac("HmacSHA512", PARTNER_KEY, event));
		Api.Response signed = postGoogle(event);

		for (Api.Response refused : List.of(missing, wrongKey, tampered)) {
			assertThat(refused.status()).isEqualTo(403);
		}
		assertThat(signed.status()).isEqualTo(200);
		assertThat(storedEvents("google")).isEqualTo(1);
	}

	@Test
	void everyInboundKindReachesTheInbox() {
		String admin = this.api.admin();
		connect(admin, "/channels.google.connect", "gbm_id", AGENT_ID, "name", "Acme");

		postGoogle(fixture("google/message-text.json"));
		postGoogle(fixture("google/message-image.json"));
		postGoogle(fixture("google/suggestion-response.json"));
		postGoogle(fixture("google/message-text.json"));

		await().atMost(Duration.ofSeconds(10))
			.until(() -> conversations(admin).size() == 1
					&& messages(admin, conversations(admin).get(0).path("id").asString()).size() == 3);
		JsonNode conversation = conversations(admin).get(0);
		String conversationId = conversation.path("id").asString();
		assertThat(conversation.path("contact").path("display_name").asString()).isEqualTo("Ada Lovelace");
		List<JsonNode> messages = messages(admin, conversationId);
		assertThat(messages.get(0).path("content").path("text").asString()).isEqualTo("Hi, do you deliver on Sundays?");
		assertThat(messages.get(0).path("sent_at").asString()).isEqualTo("2023-11-20T09:01:44.123Z");
		assertThat(messages.get(1).path("content").path("type").asString()).isEqualTo("image");
		assertThat(messages.get(1).path("content").path("url").asString())
			.isEqualTo("https://storage.googleapis.com/business-messages-media/photo-123.jpg");
		assertThat(messages.get(2).path("content").path("type").asString()).isEqualTo("postback");
		assertThat(messages.get(2).path("content").path("payload").asString()).isEqualTo("track-order");
		assertThat(messages.get(2).path("content").path("text").asString()).isEqualTo("Track my order");

		this.api.post("/conversations.set-state", admin, body("conversation_id", conversationId, "state", "CLOSED"));
		postGoogle(fixture("google/requested-live-agent.json"));

		await().atMost(Duration.ofSeconds(10))
			.until(() -> conversations(admin).get(0).path("state").asString().equals("OPEN"));
	}

	@Test
	void anAgentReplyGoesAsAHumanWithOneTokenReusedAndReceiptsMarkIt() throws Exception {
		String admin = this.api.admin();
		String conversationId = googleConversation(admin);

		String first = send(admin, conversationId, "We do, from 10am.");
		String second = send(admin, conversationId, "Anything else?");

		awaitState(admin, conversationId, first, "DELIVERED");
		awaitState(admin, conversationId, second, "DELIVERED");
		List<FakePlatform.Request> tokens = platform.requests("/google-token");
		assertThat(tokens).hasSize(1);
		assertThat(tokens.get(0).param("grant_type")).isEqualTo("urn:ietf:params:oauth:grant-type:jwt-bearer");
		SignedJWT assertion = SignedJWT.parse(tokens.get(0).param("assertion"));
		assertThat(assertion.verify(new RSASSAVerifier((RSAPublicKey) serviceAccountKey.getPublic()))).isTrue();
		assertThat(assertion.getHeader().getAlgorithm().getName()).isEqualTo("RS256");
		assertThat(assertion.getJWTClaimsSet().getIssuer()).isEqualTo(SERVICE_ACCOUNT_EMAIL);
		assertThat(assertion.getJWTClaimsSet().getAudience()).containsExactly(platform.url() + "/google-token");
		assertThat(assertion.getJWTClaimsSet().getStringClaim("scope"))
			.isEqualTo("https://www.googleapis.com/auth/businessmessages");
		List<FakePlatform.Request> sends = platform.requests(MESSAGES_PATH);
		assertThat(sends).hasSize(2);
		assertThat(sends).extracting((request) -> request.header("Authorization"))
			.containsOnly("Bearer ya29.fake-access-token-1");
		// the two replies may go out in either order
		JsonNode body = sends.stream()
			.map((request) -> this.json.readTree(request.body()))
			.filter((sent) -> sent.path("messageId").asString().equals(first))
			.findFirst()
			.orElseThrow();
		assertThat(body.path("representative").path("representativeType").asString()).isEqualTo("HUMAN");
		assertThat(body.path("text").asString()).isEqualTo("We do, from 10am.");

		postGoogle(receipt(first, "DELIVERED"));
		postGoogle(receipt(first, "READ"));

		await().atMost(Duration.ofSeconds(10))
			.until(() -> message(admin, conversationId, first).path("metadata").path("source").has("read_at"));
		JsonNode source = message(admin, conversationId, first).path("metadata").path("source");
		assertThat(source.path("delivered_at").asString()).isEqualTo("2023-11-20T09:05:00.000Z");
		assertThat(source.path("id").asString()).isEqualTo(first);
	}

	@Test
	void aTokenCloseToItsExpiryIsReplaced() {
		String admin = this.api.admin();
		String conversationId = googleConversation(admin);
		AtomicInteger tokens = new AtomicInteger();
		platform
			.script((
					request) -> request.path().equals("/google-token")
							? Reply.json(200,
									"{\"access_token\":\"ya29.short-" + tokens.incrementAndGet()
											+ "\",\"expires_in\":30,\"token_type\":\"Bearer\"}")
							: defaultReply(request));

		awaitState(admin, conversationId, send(admin, conversationId, "One"), "DELIVERED");
		awaitState(admin, conversationId, send(admin, conversationId, "Two"), "DELIVERED");

		assertThat(platform.requests("/google-token")).hasSize(2);
		assertThat(platform.requests(MESSAGES_PATH)).extracting((request) -> request.header("Authorization"))
			.containsExactly("Bearer ya29.short-1", "Bearer ya29.short-2");
	}

	@Test
	void refusedMessagesFailAtOnceAndServerErrorsAndExpiredTokensAreRetried() {
		String admin = this.api.admin();
		String conversationId = googleConversation(admin);
		AtomicInteger calls = new AtomicInteger();
		platform.script((request) -> {
			if (!request.path().startsWith(MESSAGES_PATH)) {
				return defaultReply(request);
			}
			return switch (calls.incrementAndGet()) {
				case 1 -> Reply.json(400, "{\"error\":{\"code\":400,\"message\":\"Invalid message\","
						+ "\"status\":\"INVALID_ARGUMENT\"}}");
				case 2 -> Reply.json(503, "{\"error\":{\"code\":503,\"status\":\"UNAVAILABLE\"}}");
				case 3 -> Reply.json(401, "{\"error\":{\"code\":401,\"status\":\"UNAUTHENTICATED\"}}");
				default -> Reply.json(200, "{}");
			};
		});

		String refused = send(admin, conversationId, "Refused");
		JsonNode failed = awaitState(admin, conversationId, refused, "FAILED");
		String retried = send(admin, conversationId, "Retried");
		awaitState(admin, conversationId, retried, "DELIVERED");

		assertThat(failed.path("metadata").path("error").asString())
			.isEqualTo("Google Business Messages refused the message (400: Invalid message)");
		assertThat(failed.path("metadata").path("source").path("error").path("error").path("status").asString())
			.isEqualTo("INVALID_ARGUMENT");
		assertThat(platform.requests(MESSAGES_PATH)).hasSize(4);
		// the 401 made the sender drop its token and fetch a new one
		assertThat(platform.requests("/google-token")).hasSize(2);
	}

	@Test
	void aServiceAccountGoogleRefusesFailsTheMessageReadably() {
		String admin = this.api.admin();
		String conversationId = googleConversation(admin);
		platform.script((request) -> request.path().equals("/google-token")
				? Reply.json(400, "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid JWT Signature.\"}")
				: defaultReply(request));

		JsonNode failed = awaitState(admin, conversationId, send(admin, conversationId, "Hello"), "FAILED");

		assertThat(failed.path("metadata").path("error").asString())
			.isEqualTo("Google refused the service account's token request (invalid_grant: Invalid JWT Signature.)");
		assertThat(platform.requests(MESSAGES_PATH)).isEmpty();
	}

	@Test
	void contentBusinessMessagesCannotCarryIsRefused() {
		String admin = this.api.admin();
		String conversationId = googleConversation(admin);

		Api.Response video = this.api.post("/messages.send", admin, body("conversation_id", conversationId, "message",
				body("attachment", body("type", "video", "url", "https://example.com/v.mp4"))));
		Api.Response newConversation = this.api.post("/messages.send", admin,
				body("channel_id", conversations(admin).get(0).path("channel").path("id").asString(),
						"source_recipient_id", "someone", "message", body("text", "Hi")));

		assertThat(video.status()).isEqualTo(400);
		assertThat(video.text("detail")).contains("text, images and source payloads");
		assertThat(newConversation.status()).isEqualTo(400);
	}

	@Test
	void thePartnerKeyTheServiceAccountKeyAndAccessTokensAppearInNoResponseAndNoLog(CapturedOutput output) {
		String admin = this.api.admin();
		String conversationId = googleConversation(admin);
		postGoogle(fixture("google/message-text.json"), "bad");
		postGoogle(fixture("google/verification.json").replace("{{CLIENT_TOKEN}}", "guess"), null);
		String messageId = send(admin, conversationId, "Hello");
		JsonNode sent = awaitState(admin, conversationId, messageId, "DELIVERED");
		platform.script((request) -> Reply.json(500, "{}"));
		String failing = send(admin, conversationId, "Again");
		await().atMost(Duration.ofSeconds(10)).until(() -> platform.requests(MESSAGES_PATH).size() >= 3);

		String keyMaterial = PRIVATE_KEY_PEM.lines().skip(2).findFirst().orElseThrow();
		List<String> responses = List.of(this.api.post("/channels.list", admin).text(), sent.toString(),
				message(admin, conversationId, failing).toString());
		for (String text : responses) {
			assertThat(text).doesNotContain(PARTNER_KEY)
				.doesNotContain(keyMaterial)
				.doesNotContain("ya29.fake-access-token");
		}
		assertThat(output.getAll()).contains("Refused a Google webhook")
			.doesNotContain(PARTNER_KEY)
			.doesNotContain(keyMaterial)
			.doesNotContain("ya29.fake-access-token");
	}

	private String googleConversation(String admin) {
		connect(admin, "/channels.google.connect", "gbm_id", AGENT_ID, "name", "Acme");
		postGoogle(fixture("google/message-text.json"));
		await().atMost(Duration.ofSeconds(10)).until(() -> conversations(admin).size() == 1);
		return conversations(admin).get(0).path("id").asString();
	}

	private static String receipt(String messageId, String type) {
		return fixture("google/receipts.json").replace("{{MESSAGE_ID}}", messageId).replace("{{RECEIPT_TYPE}}", type);
	}

	private String send(String token, String conversationId, String text) {
		Api.Response sent = this.api.post("/messages.send", token,
				body("conversation_id", conversationId, "message", body("text", text)));
		assertThat(sent.status()).as(sent.text()).isEqualTo(200);
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

}

package dev.switchboard.integration;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import dev.switchboard.Api;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpMethod;

import static dev.switchboard.Api.body;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class IntegrationSettingsTests extends IntegrationApiTests {

	private static final String SECRET = "s3cr3t-app-value-7f2a";

	@Test
	void anIntegrationNeverConfiguredIsEmptyAndInactive() {
		Api.Response one = get("/api/integrations/whatsapp", this.admin);
		assertThat(one.status()).as(one.text()).isEqualTo(200);
		assertThat(one.body().path("channel").asString()).isEqualTo("whatsapp");
		assertThat(one.body().path("is_active").asBoolean(true)).isFalse();
		assertThat(one.body().path("config").isObject()).isTrue();
		assertThat(one.body().path("config").isEmpty()).isTrue();

		Api.Response all = get("/api/integrations", this.admin);
		assertThat(all.status()).isEqualTo(200);
		assertThat(all.body().isArray()).isTrue();
		assertThat(all.body().isEmpty()).isTrue();
	}

	@Test
	void secretsAreMaskedAndAMaskedValueSentBackKeepsTheSecret(CapturedOutput output) {
		Api.Response put = call(HttpMethod.PUT, "/api/integrations/messenger", this.admin,
				body("config", Map.of("app_id", "998877", "app_secret", SECRET, "verify_token", "short")));
		assertThat(put.status()).as(put.text()).isEqualTo(200);
		JsonNode config = put.body().path("config");
		assertThat(config.path("app_id").asString()).isEqualTo("998877");
		assertThat(config.path("app_secret").asString()).isEqualTo("••••7f2a");
		assertThat(config.path("verify_token").asString()).isEqualTo("••••");
		assertThat(put.body().path("is_active").asBoolean()).isTrue();
		assertThat(put.text()).doesNotContain(SECRET);

		Api.Response merged = call(HttpMethod.PUT, "/api/integrations/messenger", this.admin,
				body("config", Map.of("app_secret", "••••7f2a", "graph_api_version", "v21.0")));
		assertThat(merged.status()).as(merged.text()).isEqualTo(200);
		assertThat(merged.body().path("config").path("app_secret").asString()).isEqualTo("••••7f2a");
		assertThat(merged.body().path("config").path("app_id").asString()).isEqualTo("998877");
		assertThat(merged.body().path("config").path("graph_api_version").asString()).isEqualTo("v21.0");

		Map<String, Object> removal = new HashMap<>();
		removal.put("verify_token", null);
		Api.Response removed = call(HttpMethod.PUT, "/api/integrations/messenger", this.admin, body("config", removal));
		assertThat(removed.body().path("config").has("verify_token")).isFalse();
		assertThat(removed.body().path("config").path("app_secret").asString()).isEqualTo("••••7f2a");

		// the secret is what the workspace's app uses: the explore of its pages exchanges
		// nothing, but a page connect exchanges the token with it
		graph.on("GET", "/oauth/access_token", 200, "{\"access_token\":\"page-long-lived-token-01\"}");
		graph.on("GET", "/1001", 200, "{\"id\":\"1001\",\"name\":\"Acme Page\"}");
		graph.on("POST", "/1001/subscribed_apps", 200, "{\"success\":true}");
		Api.Response connected = this.api.post("/channels.facebook.connect", this.admin,
				body("page_id", "1001", "page_token", "page-short-token-01"));
		assertThat(connected.status()).as(connected.text()).isEqualTo(200);
		var exchange = graph.requests("GET", "/oauth/access_token").get(0);
		assertThat(exchange.query()).containsEntry("client_secret", SECRET).containsEntry("client_id", "998877");
		assertThat(exchange.version()).isEqualTo("v21.0");

		Api.Response listed = get("/api/integrations", this.admin);
		assertThat(listed.body()).hasSize(1);
		assertThat(listed.text()).doesNotContain(SECRET);
		byte[] stored = this.jdbc.sql("select config from integrations").query(byte[].class).single();
		assertThat(new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain(SECRET);
		assertThat(output.getAll()).doesNotContain(SECRET);
	}

	@Test
	void badConfigIsA400NamingTheKey() {
		Api.Response version = call(HttpMethod.PUT, "/api/integrations/whatsapp", this.admin,
				body("config", Map.of("graph_api_version", 23)));
		assertThat(version.status()).isEqualTo(400);
		assertThat(version.text()).contains("config.graph_api_version");

		Api.Response port = call(HttpMethod.PUT, "/api/integrations/email", this.admin,
				body("config", Map.of("smtp_port", "five-eight-seven")));
		assertThat(port.status()).isEqualTo(400);
		assertThat(port.text()).contains("config.smtp_port");

		Api.Response nested = call(HttpMethod.PUT, "/api/integrations/whatsapp", this.admin,
				body("config", Map.of("extra", Map.of("a", 1))));
		assertThat(nested.status()).isEqualTo(400);
		assertThat(nested.text()).contains("config.extra");

		Api.Response masked = call(HttpMethod.PUT, "/api/integrations/whatsapp", this.admin,
				body("config", Map.of("app_secret", "••••abcd")));
		assertThat(masked.status()).isEqualTo(400);
		assertThat(masked.text()).contains("config.app_secret");

		Api.Response unknown = call(HttpMethod.PUT, "/api/integrations/telegram", this.admin, body("config", Map.of()));
		assertThat(unknown.status()).isEqualTo(400);
		assertThat(get("/api/integrations/telegram", this.admin).status()).isEqualTo(400);
		assertThat(get("/api/integrations/accounts?channel=telegram", this.admin).status()).isEqualTo(400);
		assertThat(count("select count(*) from integrations")).isZero();
	}

	@Test
	void supervisorsReadAndOnlyAdminsWriteAndAgentsSeeNothing() {
		graphConnectsNumbers("1110001");
		String account = createWhatsApp(this.admin, "1110001").path("id").asString();
		String supervisor = this.api.user(this.admin, "supervisor");
		String agent = this.api.user(this.admin, "agent");

		assertThat(get("/api/integrations", supervisor).status()).isEqualTo(200);
		assertThat(get("/api/integrations/whatsapp", supervisor).status()).isEqualTo(200);
		assertThat(get("/api/integrations/accounts", supervisor).status()).isEqualTo(200);
		assertThat(get("/api/integrations/accounts/" + account, supervisor).status()).isEqualTo(200);
		assertThat(call(HttpMethod.PUT, "/api/integrations/whatsapp", supervisor, body("is_active", true)).status())
			.isEqualTo(403);
		assertThat(
				call(HttpMethod.PATCH, "/api/integrations/accounts/" + account, supervisor, body("display_name", "x"))
					.status())
			.isEqualTo(403);
		assertThat(
				call(HttpMethod.POST, "/api/integrations/accounts/" + account + "/default", supervisor, null).status())
			.isEqualTo(403);
		assertThat(get("/api/integrations/accounts/" + account + "/health", supervisor).status()).isEqualTo(403);
		assertThat(
				call(HttpMethod.POST, "/api/integrations/accounts", supervisor, body("channel", "whatsapp")).status())
			.isEqualTo(403);

		assertThat(get("/api/integrations", agent).status()).isEqualTo(403);
		assertThat(get("/api/integrations/accounts", agent).status()).isEqualTo(403);
		assertThat(get("/api/integrations/accounts/" + account, agent).status()).isEqualTo(403);
		assertThat(get("/api/integrations", null).status()).isEqualTo(401);

		// an access key gets 403 whatever its policies: the seed's API is for users
		Api.Response key = this.api.post("/access-keys.create", this.admin, body("name", "bot", "policies", List.of(Map
			.of("effect", "allow", "actions", List.of("view", "create", "update"), "resources", List.of("/**")))));
		assertThat(key.status()).as(key.text()).isEqualTo(201);
		Api.Response withKey = new Api.Response(this.mvc.get()
			.uri("/api/integrations")
			.header("Authorization", "AccessKey " + key.text("key"))
			.exchange()
			.getResponse(), this.json);
		assertThat(withKey.status()).isEqualTo(403);
	}

	@Test
	void aWhatsAppAccountIsAChannelRegisteredAndSubscribed(CapturedOutput output) {
		graphConnectsNumbers("1110001");
		JsonNode account = createWhatsApp(this.admin, "1110001", "display_name", "Support line");

		assertThat(account.path("account_key").asString()).isEqualTo("wa-1110001");
		assertThat(account.path("channel").asString()).isEqualTo("whatsapp");
		assertThat(account.path("display_name").asString()).isEqualTo("Support line");
		assertThat(account.path("is_active").asBoolean()).isTrue();
		assertThat(account.path("is_default").asBoolean()).isTrue();
		assertThat(account.path("config").path("phone_number_id").asString()).isEqualTo("1110001");
		assertThat(account.path("config").path("waba_id").asString()).isEqualTo(WABA_ID);
		assertThat(account.path("config").path("access_token").asString()).isEqualTo("••••0001");
		assertThat(account.path("verify_token").asString()).hasSizeGreaterThanOrEqualTo(20);
		assertThat(account.path("webhook_url").asString()).endsWith("/whatsapp/wa-1110001");
		assertThat(account.toString()).doesNotContain(LONG_LIVED).doesNotContain("EAAshortlived");
		assertThat(graph.requests("POST", "/1110001/register")).hasSize(1);
		assertThat(graph.requests("POST", "/" + WABA_ID + "/subscribed_apps")).hasSize(1);

		String id = account.path("id").asString();
		JsonNode channels = this.api.post("/channels.list", this.admin, Map.of()).body().path("data");
		assertThat(channels).hasSize(1);
		assertThat(channels.get(0).path("id").asString()).isEqualTo(id);
		assertThat(get("/api/integrations/accounts/" + id, this.admin).body().path("account_key").asString())
			.isEqualTo("wa-1110001");
		assertThat(get("/api/integrations/accounts?channel=whatsapp", this.admin).body()).hasSize(1);
		assertThat(get("/api/integrations/accounts?channel=messenger", this.admin).body()).isEmpty();
		assertThat(output.getAll()).doesNotContain(LONG_LIVED);
	}

	@Test
	void aFailedSubscribeAfterTheTokenExchangeLeavesNoAccount() {
		graphConnectsNumbers("1110001");
		graph.on("POST", "/" + WABA_ID + "/subscribed_apps", 400,
				"{\"error\":{\"message\":\"Unsupported post request. Object does not exist\",\"type\":\"GraphMethodException\",\"code\":100}}");
		Api.Response refused = call(HttpMethod.POST, "/api/integrations/accounts", this.admin,
				body("channel", "whatsapp", "config",
						Map.of("phone_number_id", "1110001", "waba_id", WABA_ID, "access_token", "EAAshort01")));
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.text()).contains("Object does not exist");
		assertThat(graph.requests("GET", "/oauth/access_token")).hasSize(1);
		assertThat(count("select count(*) from channels")).isZero();

		graph.on("POST", "/" + WABA_ID + "/subscribed_apps", (request) -> reply(0, ""));
		Api.Response unreachable = call(HttpMethod.POST, "/api/integrations/accounts", this.admin,
				body("channel", "whatsapp", "config",
						Map.of("phone_number_id", "1110001", "waba_id", WABA_ID, "access_token", "EAAshort01")));
		assertThat(unreachable.status()).isEqualTo(502);
		assertThat(count("select count(*) from channels")).isZero();

		Api.Response email = call(HttpMethod.POST, "/api/integrations/accounts", this.admin,
				body("channel", "email", "account_key", "support", "config", Map.of("address", "a@example.com")));
		assertThat(email.status()).isEqualTo(400);
		Api.Response unknown = call(HttpMethod.POST, "/api/integrations/accounts", this.admin,
				body("channel", "fax", "config", Map.of()));
		assertThat(unknown.status()).isEqualTo(400);
	}

	@Test
	void patchMergesTheConfigAndKeepsTheTokenSentBackMasked() {
		graphConnectsNumbers("1110001");
		String id = createWhatsApp(this.admin, "1110001").path("id").asString();

		Api.Response patched = call(HttpMethod.PATCH, "/api/integrations/accounts/" + id, this.admin,
				body("display_name", "Renamed", "config", Map.of("access_token", "••••0001", "team", "sales")));
		assertThat(patched.status()).as(patched.text()).isEqualTo(200);
		assertThat(patched.body().path("display_name").asString()).isEqualTo("Renamed");
		assertThat(patched.body().path("config").path("team").asString()).isEqualTo("sales");
		assertThat(patched.body().path("config").path("waba_id").asString()).isEqualTo(WABA_ID);
		assertThat(patched.body().path("config").path("access_token").asString()).isEqualTo("••••0001");

		// the kept token is the one Graph gets
		graph.on("GET", "/" + WABA_ID, 200, "{\"id\":\"" + WABA_ID + "\",\"name\":\"Acme\"}");
		graph.on("GET", "/" + WABA_ID + "/subscribed_apps", 200, "{\"data\":[]}");
		assertThat(get("/api/integrations/accounts/" + id + "/health", this.admin).status()).isEqualTo(200);
		assertThat(graph.requests("GET", "/1110001").get(0).authorization()).isEqualTo("Bearer " + LONG_LIVED);

		Map<String, Object> removal = new HashMap<>();
		removal.put("team", null);
		Api.Response removed = call(HttpMethod.PATCH, "/api/integrations/accounts/" + id, this.admin,
				body("config", removal));
		assertThat(removed.body().path("config").has("team")).isFalse();

		Api.Response identity = call(HttpMethod.PATCH, "/api/integrations/accounts/" + id, this.admin,
				body("config", Map.of("phone_number_id", "999")));
		assertThat(identity.status()).isEqualTo(400);
		Api.Response key = call(HttpMethod.PATCH, "/api/integrations/accounts/" + id, this.admin,
				body("account_key", "other"));
		assertThat(key.status()).isEqualTo(400);
		Api.Response types = call(HttpMethod.PATCH, "/api/integrations/accounts/" + id, this.admin,
				body("config", Map.of("nested", Map.of())));
		assertThat(types.status()).isEqualTo(400);
		assertThat(types.text()).contains("config.nested");

		Api.Response deactivated = call(HttpMethod.PATCH, "/api/integrations/accounts/" + id, this.admin,
				body("is_active", false));
		assertThat(deactivated.body().path("is_active").asBoolean(true)).isFalse();
		assertThat(this.api.post("/channels.list", this.admin, Map.of()).body().path("data")).isEmpty();
	}

	@Test
	void theDefaultAccountSwitchesAndSendsForItsType() {
		graphConnectsNumbers("1110001", "2220002");
		String first = createWhatsApp(this.admin, "1110001").path("id").asString();
		JsonNode second = createWhatsApp(this.admin, "2220002");
		assertThat(second.path("is_default").asBoolean(true)).isFalse();

		Api.Response made = call(HttpMethod.POST,
				"/api/integrations/accounts/" + second.path("id").asString() + "/default", this.admin, null);
		assertThat(made.status()).as(made.text()).isEqualTo(200);
		assertThat(made.body().path("is_default").asBoolean()).isTrue();
		assertThat(get("/api/integrations/accounts/" + first, this.admin).body().path("is_default").asBoolean(true))
			.isFalse();

		Api.Response sent = this.api.post("/messages.send", this.admin, body("channel", "whatsapp",
				"source_recipient_id", "4915112345678", "message", Map.of("text", "Hello")));
		assertThat(sent.status()).as(sent.text()).isEqualTo(200);
		String channel = this.jdbc.sql("select channel_id::text from conversations where id = cast(:id as uuid)")
			.param("id", sent.text("conversation_id"))
			.query(String.class)
			.single();
		assertThat(channel).isEqualTo(second.path("id").asString());

		Api.Response none = this.api.post("/messages.send", this.admin,
				body("channel", "messenger", "source_recipient_id", "123", "message", Map.of("text", "Hello")));
		assertThat(none.status()).isEqualTo(400);
		Api.Response unknownType = this.api.post("/messages.send", this.admin,
				body("channel", "fax", "source_recipient_id", "123", "message", Map.of("text", "Hello")));
		assertThat(unknownType.status()).isEqualTo(400);
	}

	@Test
	void anAccountOfAnotherWorkspaceIsNotFound() {
		graphConnectsNumbers("1110001");
		String id = createWhatsApp(this.admin, "1110001").path("id").asString();
		String other = otherWorkspace("Second");

		assertThat(get("/api/integrations/accounts/" + id, other).status()).isEqualTo(404);
		assertThat(call(HttpMethod.PATCH, "/api/integrations/accounts/" + id, other, body("display_name", "Mine"))
			.status()).isEqualTo(404);
		assertThat(call(HttpMethod.POST, "/api/integrations/accounts/" + id + "/default", other, null).status())
			.isEqualTo(404);
		assertThat(get("/api/integrations/accounts/" + id + "/health", other).status()).isEqualTo(404);
		assertThat(get("/api/integrations/accounts", other).body()).isEmpty();
		assertThat(get("/api/integrations/accounts/" + UUID.randomUUID(), this.admin).status()).isEqualTo(404);
		assertThat(get("/api/integrations/accounts/not-a-uuid", this.admin).status()).isEqualTo(400);

		// the same number in a second workspace is a conflict, and stores nothing there
		Api.Response twice = call(HttpMethod.POST, "/api/integrations/accounts", other, body("channel", "whatsapp",
				"config", Map.of("phone_number_id", "1110001", "waba_id", WABA_ID, "access_token", "EAAshort02")));
		assertThat(twice.status()).isEqualTo(409);
		assertThat(get("/api/integrations/accounts", other).body()).isEmpty();
	}

}

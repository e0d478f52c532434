package dev.switchboard.integration;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.switchboard.Api;

import org.springframework.http.HttpMethod;

import static dev.switchboard.Api.body;
import static org.assertj.core.api.Assertions.assertThat;

class OnboardingTests extends IntegrationApiTests {

	private static final String SUBSCRIBED = "{\"data\":[{\"whatsapp_business_api_data\":{\"id\":\"" + APP_ID
			+ "\",\"link\":\"https://www.facebook.com/games/?app_id=" + APP_ID + "\",\"name\":\"Switchboard\"}}]}";

	private static final String CODE_REJECTED = "{\"error\":{\"message\":\"Invalid verification code format.\","
			+ "\"type\":\"OAuthException\",\"code\":100,\"fbtrace_id\":\"AbCdEf\"}}";

	@Test
	void healthAsksThreeThingsAndReportsAllWell() {
		String id = whatsAppAccount();
		graphAnswersHealth();

		Api.Response health = get("/api/integrations/accounts/" + id + "/health", this.admin);
		assertThat(health.status()).as(health.text()).isEqualTo(200);
		JsonNode body = health.body();
		assertThat(body.path("account_id").asString()).isEqualTo(id);
		assertThat(body.path("phone_number_id").asString()).isEqualTo("1110001");
		assertThat(body.path("waba_id").asString()).isEqualTo(WABA_ID);
		assertThat(body.path("healthy").asBoolean()).isTrue();
		assertThat(body.path("subscribed_ok").asBoolean()).isTrue();
		assertThat(body.path("phone_number").path("quality_rating").asString()).isEqualTo("GREEN");
		assertThat(body.path("waba").path("name").asString()).isEqualTo("Acme Business");
		assertThat(body.path("subscribed_apps").path("data")).hasSize(1);
	}

	@Test
	void healthReportsAFailingCallInTheBody() {
		String id = whatsAppAccount();
		graphAnswersHealth();
		graph.on("GET", "/" + WABA_ID, 400,
				"{\"error\":{\"message\":\"Unsupported get request.\",\"type\":\"GraphMethodException\",\"code\":100}}");

		Api.Response health = get("/api/integrations/accounts/" + id + "/health", this.admin);
		assertThat(health.status()).isEqualTo(200);
		assertThat(health.body().path("healthy").asBoolean(true)).isFalse();
		assertThat(health.body().path("waba").path("error").asString()).contains("Unsupported get request.");
		assertThat(health.body().path("phone_number").path("verified_name").asString()).isEqualTo("Acme");
		assertThat(health.body().path("subscribed_ok").asBoolean()).isTrue();
	}

	@Test
	void healthReportsACallThatTimesOut() {
		String id = whatsAppAccount();
		graphAnswersHealth();
		graph.on("GET", "/1110001", (request) -> {
			sleep(3000);
			return reply(200, "{\"verified_name\":\"Late\"}");
		});
		graph.on("GET", "/" + WABA_ID + "/subscribed_apps", 200, "{\"data\":[]}");

		Api.Response health = get("/api/integrations/accounts/" + id + "/health", this.admin);
		assertThat(health.status()).isEqualTo(200);
		assertThat(health.body().path("healthy").asBoolean(true)).isFalse();
		assertThat(health.body().path("phone_number").path("error").asString()).contains("did not answer");
		assertThat(health.body().path("waba").path("name").asString()).isEqualTo("Acme Business");
		assertThat(health.body().path("subscribed_ok").asBoolean(true)).isFalse();
	}

	@Test
	void embeddedSignupExchangesTheCodeAndConnectsTheNumber() {
		graphConnectsNumbers("1110001");
		graph.on("GET", "/oauth/access_token", (request) -> reply(200, "{\"access_token\":\""
				+ (request.query().containsKey("code") ? "EAAbusinesstoken0001" : LONG_LIVED) + "\"}"));

		Api.Response signup = this.api.post("/api/integrations/whatsapp/embedded-signup", this.admin,
				body("code", "AQBcode-from-the-sdk", "waba_id", WABA_ID, "phone_number_id", "1110001"));
		assertThat(signup.status()).as(signup.text()).isEqualTo(200);
		assertThat(signup.body().path("success").asBoolean()).isTrue();
		assertThat(signup.body().path("account_key").asString()).isEqualTo("wa-1110001");
		assertThat(signup.body().path("display_name").asString()).isEqualTo("Acme 1110001");
		assertThat(signup.body().path("waba_id").asString()).isEqualTo(WABA_ID);
		assertThat(signup.body().path("phone_number_id").asString()).isEqualTo("1110001");
		assertThat(graph.requests("GET", "/oauth/access_token").get(0).query()).containsEntry("code",
				"AQBcode-from-the-sdk");
		assertThat(graph.requests("POST", "/1110001/register")).hasSize(1);
		assertThat(graph.requests("POST", "/" + WABA_ID + "/subscribed_apps")).hasSize(1);
		assertThat(signup.text()).doesNotContain("EAAbusinesstoken0001").doesNotContain(LONG_LIVED);

		// signing up again updates the same account
		Api.Response again = this.api.post("/api/integrations/whatsapp/embedded-signup", this.admin,
				body("code", "AQBcode-2", "waba_id", WABA_ID, "phone_number_id", "1110001"));
		assertThat(again.status()).isEqualTo(200);
		assertThat(get("/api/integrations/accounts", this.admin).body()).hasSize(1);
	}

	@Test
	void aRejectedSignupCodeIsA400WithTheReasonAndStoresNothing() {
		graphConnectsNumbers("1110001");
		graph.on("GET", "/oauth/access_token", 400, CODE_REJECTED);
		Api.Response rejected = this.api.post("/api/integrations/whatsapp/embedded-signup", this.admin,
				body("code", "bad", "waba_id", WABA_ID, "phone_number_id", "1110001"));
		assertThat(rejected.status()).isEqualTo(400);
		assertThat(rejected.text()).contains("Invalid verification code format.");
		assertThat(count("select count(*) from channels")).isZero();

		Api.Response invalid = this.api.post("/api/integrations/whatsapp/embedded-signup", this.admin,
				body("code", "x", "waba_id", "not-a-number", "phone_number_id", "1110001"));
		assertThat(invalid.status()).isEqualTo(400);
	}

	@Test
	void instagramConnectTradesTheCodeForALongLivedTokenAndSavesTheAccount() {
		graph.on("POST", "/oauth/access_token", 200,
				"{\"access_token\":\"IGQVJshortlived0001\",\"user_id\":17841400000000001,\"permissions\":\"instagram_business_basic\"}");
		graph.on("GET", "/access_token", 200,
				"{\"access_token\":\"IGQVJlonglived0001\",\"token_type\":\"bearer\",\"expires_in\":5183944}");
		graph.on("GET", "/me", 200, "{\"user_id\":\"17841400000000001\",\"username\":\"acme.shop\","
				+ "\"name\":\"Acme Shop\",\"profile_picture_url\":\"https://cdn.example.com/acme.jpg\",\"id\":\"9001\"}");

		Api.Response connected = this.api.post("/api/integrations/instagram/connect", this.admin,
				body("code", "AQDinstagramcode", "redirect_uri", "https://app.example.com/oauth/instagram"));
		assertThat(connected.status()).as(connected.text()).isEqualTo(200);
		assertThat(connected.body().path("success").asBoolean()).isTrue();
		assertThat(connected.body().path("account_key").asString()).isEqualTo("ig-17841400000000001");
		assertThat(connected.body().path("display_name").asString()).isEqualTo("Acme Shop");

		assertThat(graph.requests("POST", "/oauth/access_token").get(0).body())
			.contains("grant_type=authorization_code")
			.contains("code=AQDinstagramcode")
			.contains("client_id=" + APP_ID);
		assertThat(graph.requests("GET", "/access_token").get(0).query()).containsEntry("grant_type",
				"ig_exchange_token");
		assertThat(graph.requests("GET", "/me").get(0).authorization()).isEqualTo("Bearer IGQVJlonglived0001");
		JsonNode account = get("/api/integrations/accounts?channel=instagram", this.admin).body().get(0);
		assertThat(account.path("config").path("access_token").asString()).isEqualTo("••••0001");
		assertThat(account.path("config").path("username").asString()).isEqualTo("acme.shop");
	}

	@Test
	void instagramConnectNamesARejectedCodeAndTellsAnUnreachablePlatform() {
		graph.on("POST", "/oauth/access_token", 400,
				"{\"error_type\":\"OAuthException\",\"code\":400,\"error_message\":\"Invalid authorization code\"}");
		Api.Response rejected = this.api.post("/api/integrations/instagram/connect", this.admin,
				body("code", "used", "redirect_uri", "https://app.example.com/oauth/instagram"));
		assertThat(rejected.status()).isEqualTo(400);
		assertThat(rejected.text()).contains("Invalid authorization code");

		graph.on("POST", "/oauth/access_token", (request) -> reply(0, ""));
		Api.Response unreachable = this.api.post("/api/integrations/instagram/connect", this.admin,
				body("code", "any", "redirect_uri", "https://app.example.com/oauth/instagram"));
		assertThat(unreachable.status()).isEqualTo(502);
		assertThat(count("select count(*) from channels")).isZero();
	}

	@Test
	void messengerConnectListsThePagesOfTheLongLivedUserToken() {
		graph.on("GET", "/oauth/access_token", (request) -> reply(200, "{\"access_token\":\""
				+ (request.query().containsKey("code") ? "EAAshortuser01" : "EAAlonguser0001") + "\"}"));
		graph.on("GET", "/me/accounts", 200, "{\"data\":[{\"id\":\"1001\",\"name\":\"Acme Page\",\"picture\":"
				+ "{\"data\":{\"url\":\"https://cdn.example.com/p.jpg\"}}},{\"id\":\"1002\",\"name\":\"Acme Outlet\"}],"
				+ "\"paging\":{\"cursors\":{\"before\":\"QVFI\",\"after\":\"QVFJ\"}}}");

		Api.Response connected = this.api.post("/api/integrations/messenger/connect", this.admin,
				body("code", "AQfacebookcode", "redirect_uri", "https://app.example.com/oauth/facebook"));
		assertThat(connected.status()).as(connected.text()).isEqualTo(200);
		assertThat(connected.body().path("user_token").asString()).isEqualTo("EAAlonguser0001");
		JsonNode pages = connected.body().path("pages");
		assertThat(pages).hasSize(2);
		assertThat(pages.get(0).path("id").asString()).isEqualTo("1001");
		assertThat(pages.get(0).path("picture_url").asString()).isEqualTo("https://cdn.example.com/p.jpg");
		assertThat(pages.get(0).path("connected").asBoolean(true)).isFalse();
		assertThat(pages.get(1).has("picture_url")).isFalse();
		assertThat(graph.requests("GET", "/oauth/access_token").get(0).query()).containsEntry("redirect_uri",
				"https://app.example.com/oauth/facebook");
	}

	@Test
	void messengerConnectNamesARejectedCodeAndAGraphTimeoutIsA502() {
		graph.on("GET", "/oauth/access_token", 400, CODE_REJECTED);
		Api.Response rejected = this.api.post("/api/integrations/messenger/connect", this.admin,
				body("code", "bad", "redirect_uri", "https://app.example.com/oauth/facebook"));
		assertThat(rejected.status()).isEqualTo(400);
		assertThat(rejected.text()).contains("Invalid verification code format.");

		graph.on("GET", "/oauth/access_token", (request) -> reply(0, ""));
		Api.Response unreachable = this.api.post("/api/integrations/messenger/connect", this.admin,
				body("code", "any", "redirect_uri", "https://app.example.com/oauth/facebook"));
		assertThat(unreachable.status()).isEqualTo(502);
	}

	@Test
	void selectedPagesAreSubscribedAndSavedAllOrNone() {
		graph.on("GET", "/oauth/access_token", 200, "{\"access_token\":\"EAAlongpage0001\"}");
		for (String page : List.of("1001", "1002")) {
			graph.on("GET", "/" + page, 200, "{\"id\":\"" + page + "\",\"name\":\"Page " + page
					+ "\",\"access_token\":\"EAApagetoken" + page + "\"}");
			graph.on("POST", "/" + page + "/subscribed_apps", 200, "{\"success\":true}");
		}
		graph.on("POST", "/1002/subscribed_apps", 400,
				"{\"error\":{\"message\":\"(#200) Permissions error\",\"type\":\"OAuthException\",\"code\":200}}");

		Api.Response failed = this.api.post("/api/integrations/messenger/pages", this.admin,
				body("user_token", "EAAlonguser0001", "page_ids", List.of("1001", "1002")));
		assertThat(failed.status()).isEqualTo(400);
		assertThat(failed.text()).contains("Permissions error");
		assertThat(count("select count(*) from channels")).isZero();

		graph.on("POST", "/1002/subscribed_apps", 200, "{\"success\":true}");
		Api.Response connected = this.api.post("/api/integrations/messenger/pages", this.admin,
				body("user_token", "EAAlonguser0001", "page_ids", List.of("1001", "1002")));
		assertThat(connected.status()).as(connected.text()).isEqualTo(200);
		assertThat(connected.body().path("success").asBoolean()).isTrue();
		JsonNode accounts = connected.body().path("accounts");
		assertThat(accounts).hasSize(2);
		assertThat(accounts.get(0).path("account_key").asString()).isEqualTo("fb-1001");
		assertThat(accounts.get(0).path("channel").asString()).isEqualTo("messenger");
		assertThat(accounts.get(0).path("display_name").asString()).isEqualTo("Page 1001");
		assertThat(accounts.get(0).path("config").path("page_token").asString()).isEqualTo("••••0001");
		assertThat(connected.text()).doesNotContain("EAApagetoken1001").doesNotContain("EAAlongpage0001");
		assertThat(graph.requests("GET", "/1001").get(0).authorization()).isEqualTo("Bearer EAAlonguser0001");
	}

	@Test
	void thePersistentMenuIsSetAndDeletedThroughTheMessengerProfileApi() {
		graph.on("GET", "/oauth/access_token", 200, "{\"access_token\":\"EAAlongpage0001\"}");
		graph.on("GET", "/1001", 200, "{\"id\":\"1001\",\"name\":\"Acme Page\"}");
		graph.on("POST", "/1001/subscribed_apps", 200, "{\"success\":true}");
		graph.on("POST", "/me/messenger_profile", 200, "{\"result\":\"success\"}");
		graph.on("DELETE", "/me/messenger_profile", 200, "{\"result\":\"success\"}");
		Api.Response created = call(HttpMethod.POST, "/api/integrations/accounts", this.admin,
				body("channel", "messenger", "config", Map.of("page_id", "1001", "page_token", "EAAshortpage01")));
		assertThat(created.status()).as(created.text()).isEqualTo(201);
		String menu = "/api/integrations/accounts/" + created.body().path("id").asString() + "/persistent-menu";

		Api.Response set = this.api
			.post(menu, this.admin,
					body("persistent_menu", List.of(Map.of("locale", "default", "composer_input_disabled", false,
							"call_to_actions",
							List.of(Map.of("type", "postback", "title", "Talk to an agent", "payload", "AGENT"))))));
		assertThat(set.status()).as(set.text()).isEqualTo(200);
		assertThat(set.body().path("success").asBoolean()).isTrue();
		assertThat(set.body().path("deleted").asBoolean(true)).isFalse();
		var posted = graph.requests("POST", "/me/messenger_profile").get(0);
		assertThat(posted.authorization()).isEqualTo("Bearer EAAlongpage0001");
		assertThat(this.json.readTree(posted.body()).path("persistent_menu").get(0).path("call_to_actions")).hasSize(1);

		Api.Response deleted = this.api.post(menu, this.admin, body("delete", true));
		assertThat(deleted.status()).isEqualTo(200);
		assertThat(deleted.body().path("deleted").asBoolean()).isTrue();
		assertThat(graph.requests("DELETE", "/me/messenger_profile").get(0).body()).contains("persistent_menu");

		assertThat(this.api.post(menu, this.admin, body()).status()).isEqualTo(400);
		graph.on("POST", "/me/messenger_profile", 400,
				"{\"error\":{\"message\":\"(#100) Invalid keys \\\"foo\\\"\",\"type\":\"OAuthException\",\"code\":100}}");
		Api.Response refused = this.api.post(menu, this.admin, body("persistent_menu", List.of(Map.of("foo", 1))));
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.text()).contains("Invalid keys");

		String whatsApp = whatsAppAccount();
		assertThat(this.api
			.post("/api/integrations/accounts/" + whatsApp + "/persistent-menu", this.admin, body("delete", true))
			.status()).isEqualTo(400);
	}

	private String whatsAppAccount() {
		graphConnectsNumbers("1110001");
		return createWhatsApp(this.admin, "1110001").path("id").asString();
	}

	private static void graphAnswersHealth() {
		graph.on("GET", "/1110001", 200, "{\"verified_name\":\"Acme\",\"display_phone_number\":\"+1 555-078-3881\","
				+ "\"quality_rating\":\"GREEN\",\"code_verification_status\":\"VERIFIED\",\"platform_type\":\"CLOUD_API\","
				+ "\"throughput\":{\"level\":\"STANDARD\"},\"id\":\"1110001\"}");
		graph.on("GET", "/" + WABA_ID, 200, "{\"id\":\"" + WABA_ID + "\",\"name\":\"Acme Business\","
				+ "\"account_review_status\":\"APPROVED\",\"currency\":\"USD\",\"timezone_id\":\"1\"}");
		graph.on("GET", "/" + WABA_ID + "/subscribed_apps", 200, SUBSCRIBED);
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}

package dev.switchboard.integration;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.switchboard.Api;
import dev.switchboard.source.meta.HubSignature;

import org.springframework.http.HttpMethod;

import static dev.switchboard.Api.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class AccountWebhookTests extends IntegrationApiTests {

	private static final String SECRET_A = "workspace-a-app-secret-0001";

	private static final String SECRET_B = "workspace-b-app-secret-0002";

	@Test
	void anAccountsUrlAnswersTheChallengeWithItsOwnVerifyToken() {
		graphConnectsNumbers("1110001");
		createWhatsApp(this.admin, "1110001", "verify_token", "account-verify-0001");

		Api.Response challenge = get(
				"/whatsapp/wa-1110001?hub.mode=subscribe&hub.verify_token=account-verify-0001&hub.challenge=4242",
				null);
		assertThat(challenge.status()).isEqualTo(200);
		assertThat(challenge.text()).isEqualTo("4242");
		assertThat(
				get("/whatsapp/wa-1110001?hub.mode=subscribe&hub.verify_token=" + VERIFY_TOKEN + "&hub.challenge=4242",
						null)
					.status())
			.isEqualTo(403);
		assertThat(
				get("/whatsapp/wa-9999?hub.mode=subscribe&hub.verify_token=account-verify-0001&hub.challenge=1", null)
					.status())
			.isEqualTo(404);

		// the source-wide webhook keeps the configured token
		Api.Response sourceWide = get(
				"/whatsapp?hub.mode=subscribe&hub.verify_token=" + VERIFY_TOKEN + "&hub.challenge=77", null);
		assertThat(sourceWide.status()).isEqualTo(200);
		assertThat(sourceWide.text()).isEqualTo("77");
	}

	@Test
	void eventsAreCheckedWithTheSecretOfTheAccountsWorkspace() {
		graphConnectsNumbers("1110001", "2220002");
		appSecret(this.admin, SECRET_A);
		createWhatsApp(this.admin, "1110001");
		String other = otherWorkspace("Second");
		appSecret(other, SECRET_B);
		createWhatsApp(other, "2220002");
		// each workspace's token exchange used its own app's secret
		assertThat(graph.requests("GET", "/oauth/access_token"))
			.extracting((request) -> request.query().get("client_secret"))
			.containsExactly(SECRET_A, SECRET_B);

		String forB = event("2220002", "wamid.B1");
		assertThat(signedPost("/whatsapp/wa-2220002", forB, SECRET_A)).isEqualTo(403);
		assertThat(signedPost("/whatsapp/wa-2220002", forB, APP_SECRET)).isEqualTo(403);
		assertThat(storedEvents()).isZero();
		assertThat(signedPost("/whatsapp/wa-2220002", forB, SECRET_B)).isEqualTo(200);
		assertThat(storedEvents()).isEqualTo(1);

		// an event for A's number at B's URL, even signed with B's secret, is refused
		assertThat(signedPost("/whatsapp/wa-2220002", event("1110001", "wamid.A0"), SECRET_B)).isEqualTo(403);

		// the source-wide webhook finds the secret from the number the event names
		String forA = event("1110001", "wamid.A1");
		assertThat(signedPost("/whatsapp", forA, APP_SECRET)).isEqualTo(403);
		assertThat(signedPost("/whatsapp", forA, SECRET_B)).isEqualTo(403);
		assertThat(signedPost("/whatsapp", forA, SECRET_A)).isEqualTo(200);
		// and an event for no workspace's number keeps the configured secret
		assertThat(signedPost("/whatsapp", event("3330003", "wamid.C1"), APP_SECRET)).isEqualTo(200);
		assertThat(signedPost("/whatsapp/wa-1110001", forA, null)).isEqualTo(403);
		assertThat(storedEvents()).isEqualTo(3);
		assertThat(signedPost("/whatsapp/wa-4440004", forA, SECRET_A)).isEqualTo(404);

		// the app secret is read through a cache: a new one applies to the next event
		appSecret(this.admin, SECRET_B);
		String next = event("1110001", "wamid.A2");
		assertThat(signedPost("/whatsapp/wa-1110001", next, SECRET_A)).isEqualTo(403);
		assertThat(signedPost("/whatsapp/wa-1110001", next, SECRET_B)).isEqualTo(200);
	}

	@Test
	void aMessengerAccountHasItsOwnUrlToo() {
		graph.on("GET", "/oauth/access_token", 200, "{\"access_token\":\"page-long-lived-token-01\"}");
		graph.on("GET", "/1001", 200, "{\"id\":\"1001\",\"name\":\"Acme Page\"}");
		graph.on("POST", "/1001/subscribed_apps", 200, "{\"success\":true}");
		Api.Response created = call(HttpMethod.POST, "/api/integrations/accounts", this.admin,
				body("channel", "messenger", "config", Map.of("page_id", "1001", "page_token", "page-short-token-01")));
		assertThat(created.status()).as(created.text()).isEqualTo(201);
		assertThat(created.body().path("account_key").asString()).isEqualTo("fb-1001");
		assertThat(created.body().path("webhook_url").asString()).endsWith("/facebook/fb-1001");
		assertThat(created.body().path("display_name").asString()).isEqualTo("Acme Page");
		String token = created.body().path("verify_token").asString();

		Api.Response challenge = get(
				"/facebook/fb-1001?hub.mode=subscribe&hub.verify_token=" + token + "&hub.challenge=9", null);
		assertThat(challenge.status()).isEqualTo(200);
		assertThat(challenge.text()).isEqualTo("9");
		String text = fixture("messenger-text.json", "PAGE_ID", "1001", "PSID", "2500001", "MID", "m_1", "TIMESTAMP",
				"1700000000000");
		assertThat(signedPost("/facebook/fb-1001", text, APP_SECRET)).isEqualTo(200);
		assertThat(signedPost("/facebook/fb-1001", text, SECRET_A)).isEqualTo(403);
	}

	@Test
	void anEchoOfTheWorkspacesOwnAppIsOurSendAndAnotherAppsIsTheBusinessWriting() {
		Api.Response put = call(HttpMethod.PUT, "/api/integrations/messenger", this.admin,
				body("config", Map.of("app_id", "777000111", "app_secret", SECRET_A)));
		assertThat(put.status()).as(put.text()).isEqualTo(200);
		graph.on("GET", "/oauth/access_token", 200, "{\"access_token\":\"page-long-lived-token-01\"}");
		graph.on("GET", "/1001", 200, "{\"id\":\"1001\",\"name\":\"Acme Page\"}");
		graph.on("POST", "/1001/subscribed_apps", 200, "{\"success\":true}");
		assertThat(call(HttpMethod.POST, "/api/integrations/accounts", this.admin,
				body("channel", "messenger", "config", Map.of("page_id", "1001", "page_token", "page-short-token-01")))
			.status()).isEqualTo(201);
		deliverSigned("/facebook/fb-1001",
				fixture("messenger-text.json", "PAGE_ID", "1001", "PSID", "2500001", "MID", "m_question"), SECRET_A);

		// the service's app id is not this workspace's: its echo is the business writing
		deliverSigned("/facebook/fb-1001", fixture("messenger-echo.json", "PAGE_ID", "1001", "PSID", "2500001",
				"APP_ID", APP_ID, "MID", "m_other_app", "TEXT", "from another app"), SECRET_A);
		deliverSigned("/facebook/fb-1001", fixture("messenger-echo.json", "PAGE_ID", "1001", "PSID", "2500001",
				"APP_ID", "777000111", "MID", "m_ours", "TEXT", "sent by us"), SECRET_A);

		assertThat(count("select count(*) from webhook_events where status = 'DONE'")).isEqualTo(2);
		assertThat(this.jdbc.sql("select content::text from messages order by sent_at").query(String.class).list())
			.hasSize(2)
			.last()
			.asString()
			.contains("from another app");
	}

	private void deliverSigned(String path, String body, String secret) {
		long before = processedEvents();
		assertThat(signedPost(path, body, secret)).isEqualTo(200);
		await().atMost(Duration.ofSeconds(15)).until(() -> processedEvents() > before);
	}

	private void appSecret(String token, String secret) {
		Api.Response put = call(HttpMethod.PUT, "/api/integrations/whatsapp", token,
				body("config", Map.of("app_secret", secret)));
		assertThat(put.status()).as(put.text()).isEqualTo(200);
	}

	private String event(String phoneNumberId, String wamid) {
		return fixture("whatsapp-text.json", "PHONE_NUMBER_ID", phoneNumberId, "WA_ID", "4915112345678", "WAMID", wamid,
				"TIMESTAMP", "1700000000");
	}

	private int signedPost(String path, String body, String secret) {
		return postWebhook(path, body,
				(secret != null) ? HubSignature.sign(secret, body.getBytes(StandardCharsets.UTF_8)) : null);
	}

}

package dev.switchboard.channelsapi;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.switchboard.Api;
import dev.switchboard.Api.Response;
import dev.switchboard.source.meta.FakeGraph;
import dev.switchboard.source.meta.MetaIntegrationTests;

import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester.MockMvcRequestBuilder;

import static dev.switchboard.Api.body;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Connectors installed through the Channels API, and their health as the platform reports
 * it.
 */
class ConnectorTests extends MetaIntegrationTests {

	static final String PHONE_NUMBER_ID = "106540352242933";

	private static final String TOKEN = "EAAW-connector-token-77";

	private String workspace;

	@BeforeEach
	void workspace() {
		this.workspace = "/workspaces/" + this.jdbc.sql("select id from workspaces").query(UUID.class).single();
		graph.on("GET", "/oauth/access_token", 200, "{\"access_token\":\"" + TOKEN + "\"}");
	}

	@Test
	void aConnectorIsInstalledThroughTheSourcesConnectorListedAndRemoved() {
		answerPhoneNumber("CLOUD_API");

		Response created = install();
		String id = created.text("id");

		assertThat(created.status()).as(created.text()).isEqualTo(201);
		assertThat(created.text("connectorTemplateRef")).isEqualTo("whatsapp");
		assertThat(created.text("name")).isEqualTo("Support");
		assertThat(created.text("channelId")).isEqualTo(id);
		assertThat(created.text()).doesNotContain(TOKEN);
		assertThat(this.api.post("/channels.info", this.admin, body("channel_id", id)).text("source_channel_id"))
			.isEqualTo(PHONE_NUMBER_ID);
		assertThat(call(HttpMethod.GET, this.workspace + "/connectors", this.admin).body().path("results")).hasSize(1);
		assertThat(call(HttpMethod.GET, this.workspace + "/connectors/" + id, this.admin).text("status"))
			.isEqualTo("active");
		assertThat(call(HttpMethod.DELETE, this.workspace + "/connectors/" + id, this.admin).status()).isEqualTo(204);
		assertThat(call(HttpMethod.GET, this.workspace + "/connectors/" + id, this.admin).status()).isEqualTo(404);
		assertThat(call(HttpMethod.DELETE, this.workspace + "/connectors/" + id, this.admin).status()).isEqualTo(404);
		assertThat(this.api.post("/channels.info", this.admin, body("channel_id", id))
			.body()
			.path("connected")
			.asBoolean()).isFalse();
	}

	@Test
	void unknownSourcesAndRejectedTokensAre400AndSupervisorsCannotInstall() {
		graph.on("GET", "/oauth/access_token", 400,
				"{\"error\":{\"message\":\"Error validating access token\",\"type\":\"OAuthException\",\"code\":190}}");
		String supervisor = this.api.user(this.admin, "supervisor");

		assertThat(call(HttpMethod.POST, this.workspace + "/connectors", this.admin,
				body("connectorTemplateRef", "telegraph", "name", "x", "arguments", Map.of()))
			.status()).isEqualTo(400);
		Response rejected = install();
		assertThat(rejected.status()).isEqualTo(400);
		assertThat(rejected.text("detail")).contains("rejected the token");
		assertThat(call(HttpMethod.POST, this.workspace + "/connectors", supervisor,
				body("connectorTemplateRef", "whatsapp", "name", "x", "arguments", Map.of()))
			.status()).isEqualTo(403);
	}

	@Test
	void theStatusAsksThePlatformAndIsKeptForAMinute() {
		answerPhoneNumber("CLOUD_API");
		String id = install().text("id");
		int before = graph.requests("GET", "/" + PHONE_NUMBER_ID).size();

		Response status = call(HttpMethod.GET, this.workspace + "/connectors/" + id + "/status", this.admin);
		Response again = call(HttpMethod.GET, this.workspace + "/connectors/" + id + "/status", this.admin);

		assertThat(status.status()).as(status.text()).isEqualTo(200);
		assertThat(status.text("status")).isEqualTo("active");
		assertThat(checks(status)).containsExactly("connected:true", "token_valid:true", "number_registered:true");
		assertThat(status.text("checkedAt")).isNotNull();
		assertThat(again.text("checkedAt")).isEqualTo(status.text("checkedAt"));
		assertThat(graph.requests("GET", "/" + PHONE_NUMBER_ID)).hasSize(before + 2);
		assertThat(graph.requests("GET", "/" + PHONE_NUMBER_ID).get(before).authorization())
			.isEqualTo("Bearer " + TOKEN);
		assertThat(status.text()).doesNotContain(TOKEN);
	}

	@Test
	void anInvalidTokenIsAnErrorAndAnUnregisteredNumberDegraded() {
		answerPhoneNumber("CLOUD_API");
		String id = install().text("id");
		graph.on("GET", "/" + PHONE_NUMBER_ID, 400,
				"{\"error\":{\"message\":\"Error validating access token: Session has expired\","
						+ "\"type\":\"OAuthException\",\"code\":190}}");

		Response status = call(HttpMethod.GET, this.workspace + "/connectors/" + id + "/status", this.admin);

		assertThat(status.status()).as(status.text()).isEqualTo(200);
		assertThat(status.text("status")).isEqualTo("error");
		assertThat(checks(status)).containsExactly("connected:true", "token_valid:false", "number_registered:false");
		assertThat(status.body().path("checks").get(1).path("detail").asString()).contains("rejected the token");
		assertThat(status.text()).doesNotContain(TOKEN);

		this.jdbc.sql("truncate channels cascade").update();
		answerPhoneNumber("ON_PREMISE");
		String unregistered = install().text("id");
		Response degraded = call(HttpMethod.GET, this.workspace + "/connectors/" + unregistered + "/status",
				this.admin);
		assertThat(degraded.text("status")).isEqualTo("degraded");
		assertThat(checks(degraded)).containsExactly("connected:true", "token_valid:true", "number_registered:false");
	}

	@Test
	void aPlatformThatDoesNotAnswerFailsItsChecksWithinTheTimeout() {
		answerPhoneNumber("CLOUD_API");
		String id = install().text("id");
		graph.on("GET", "/" + PHONE_NUMBER_ID, (request) -> {
			try {
				Thread.sleep(8_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return new FakeGraph.Reply(200, "{}");
		});

		Response status = call(HttpMethod.GET, this.workspace + "/connectors/" + id + "/status", this.admin);

		assertThat(status.status()).as(status.text()).isEqualTo(200);
		assertThat(status.text("status")).isEqualTo("error");
		assertThat(checks(status)).containsExactly("connected:true", "token_valid:false", "number_registered:false");
		assertThat(status.body().path("checks").get(1).path("detail").asString()).contains("did not answer");
	}

	private void answerPhoneNumber(String platformType) {
		graph.on("GET", "/" + PHONE_NUMBER_ID,
				(request) -> new FakeGraph.Reply(200,
						request.query().getOrDefault("fields", "").contains("platform_type")
								? "{\"platform_type\":\"" + platformType + "\",\"status\":\"CONNECTED\"}"
								: "{\"display_phone_number\":\"+1 555-078-3882\",\"verified_name\":\"Acme\"}"));
	}

	private Response install() {
		return call(HttpMethod.POST, this.workspace + "/connectors", this.admin,
				body("connectorTemplateRef", "whatsapp", "name", "Support", "arguments",
						Map.of("phone_number_id", PHONE_NUMBER_ID, "user_token", "EAAW-user-token")));
	}

	private static List<String> checks(Response status) {
		return status.body()
			.path("checks")
			.valueStream()
			.map((JsonNode check) -> check.path("name").asString() + ":" + check.path("ok").asBoolean())
			.toList();
	}

	private Response call(HttpMethod method, String path, String token) {
		return call(method, path, token, null);
	}

	private Response call(HttpMethod method, String path, String token, Object body) {
		MockMvcRequestBuilder request = this.mvc.method(method).uri(path).header("Authorization", "Bearer " + token);
		if (body != null) {
			request.contentType(MediaType.APPLICATION_JSON).content(this.json.writeValueAsString(body));
		}
		return new Api.Response(request.exchange().getResponse(), this.json);
	}

}

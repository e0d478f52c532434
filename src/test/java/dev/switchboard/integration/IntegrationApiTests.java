package dev.switchboard.integration;

import java.util.Map;

import tools.jackson.databind.JsonNode;

import dev.switchboard.Api;
import dev.switchboard.source.meta.FakeGraph;
import dev.switchboard.source.meta.MetaIntegrationTests;

import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester.MockMvcRequestBuilder;

import static dev.switchboard.Api.body;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Base of the integrations API tests: REST calls with a user token, and a fake Graph API
 * that connects WhatsApp numbers.
 */
abstract class IntegrationApiTests extends MetaIntegrationTests {

	static final String LONG_LIVED = "EAAlonglived0000token0001";

	static final String WABA_ID = "102290129340398";

	protected Api.Response call(HttpMethod method, String path, String token, Object body) {
		MockMvcRequestBuilder request = this.mvc.method(method).uri(path);
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		if (body != null) {
			request.contentType(MediaType.APPLICATION_JSON)
				.content((body instanceof String text) ? text : this.json.writeValueAsString(body));
		}
		return new Api.Response(request.exchange().getResponse(), this.json);
	}

	protected Api.Response get(String path, String token) {
		return call(HttpMethod.GET, path, token, null);
	}

	/**
	 * Graph as it answers connecting and registering a number and subscribing its
	 * business account.
	 */
	protected static void graphConnectsNumbers(String... phoneNumberIds) {
		graph.on("GET", "/oauth/access_token", 200,
				"{\"access_token\":\"" + LONG_LIVED + "\",\"token_type\":\"bearer\"}");
		for (String number : phoneNumberIds) {
			graph.on("GET", "/" + number, 200, "{\"verified_name\":\"Acme " + number
					+ "\",\"display_phone_number\":\"+1 555-078-3881\",\"id\":\"" + number + "\"}");
			graph.on("POST", "/" + number + "/register", 200, "{\"success\":true}");
		}
		graph.on("POST", "/" + WABA_ID + "/subscribed_apps", 200, "{\"success\":true}");
	}

	/**
	 * Creates a WhatsApp account of the caller's workspace.
	 */
	protected JsonNode createWhatsApp(String token, String phoneNumberId, Object... more) {
		Map<String, Object> request = body("channel", "whatsapp", "config", Map.of("phone_number_id", phoneNumberId,
				"waba_id", WABA_ID, "access_token", "EAAshortlived" + phoneNumberId));
		for (int i = 0; i < more.length; i += 2) {
			request.put((String) more[i], more[i + 1]);
		}
		Api.Response created = call(HttpMethod.POST, "/api/integrations/accounts", token, request);
		assertThat(created.status()).as(created.text()).isEqualTo(201);
		return created.body();
	}

	/**
	 * A new workspace of the admin, and the admin's token in it.
	 */
	protected String otherWorkspace(String name) {
		Api.Response created = this.api.post("/workspaces.create", this.admin, body("name", name));
		assertThat(created.status()).as(created.text()).isEqualTo(201);
		Api.Response switched = this.api.post("/workspaces.switch", this.admin,
				body("workspace_id", created.text("id")));
		assertThat(switched.status()).as(switched.text()).isEqualTo(200);
		return switched.text("token");
	}

	protected static FakeGraph.Reply reply(int status, String json) {
		return new FakeGraph.Reply(status, json);
	}

}

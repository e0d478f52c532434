package dev.switchboard.workspace;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.switchboard.Api;
import dev.switchboard.Api.Response;

import static dev.switchboard.Api.body;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Makes a second workspace in tests the way an admin does: {@code workspaces.create},
 * then {@code workspaces.switch} for a token acting in it.
 */
final class Workspaces {

	private Workspaces() {
	}

	/**
	 * Creates a workspace whose admin is the caller, and switches to it.
	 */
	static Workspace create(Api api, String adminToken, String name) {
		Response created = api.post("/workspaces.create", adminToken, body("name", name));
		assertThat(created.status()).as(created.text()).isEqualTo(201);
		UUID id = UUID.fromString(created.text("id"));
		return new Workspace(id, switchTo(api, adminToken, id));
	}

	/**
	 * A token of the caller for another of their workspaces.
	 */
	static String switchTo(Api api, String token, UUID workspaceId) {
		Response switched = api.post("/workspaces.switch", token, body("workspace_id", workspaceId));
		assertThat(switched.status()).as(switched.text()).isEqualTo(200);
		return switched.text("token");
	}

	/**
	 * The claims of a user token, read without checking it.
	 */
	static JsonNode claims(String token) {
		String payload = token.split("\\.")[1];
		return JsonMapper.shared().readTree(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8));
	}

	/**
	 * A workspace and a token of its admin acting in it.
	 *
	 * @param id the workspace id
	 * @param token the admin's token for it
	 */
	record Workspace(UUID id, String token) {
	}

}

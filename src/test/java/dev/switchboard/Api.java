package dev.switchboard;

import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MockMvcTester.MockMvcRequestBuilder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Calls the JSON API the way a client does, through MockMvc, and gives the answer as
 * status plus JSON.
 */
public final class Api {

	public static final String PASSWORD = "correct horse";

	private final MockMvcTester mvc;

	private final JsonMapper json;

	private int users;

	Api(MockMvcTester mvc, JsonMapper json) {
		this.mvc = mvc;
		this.json = json;
	}

	/**
	 * Posts a body ({@code String} as raw JSON, anything else serialised) with an
	 * optional bearer token.
	 */
	public Response post(String path, String token, Object body) {
		MockMvcRequestBuilder request = this.mvc.post().uri(path);
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		if (body != null) {
			request.contentType(MediaType.APPLICATION_JSON)
				.content((body instanceof String text) ? text : this.json.writeValueAsString(body));
		}
		return new Response(request.exchange().getResponse(), this.json);
	}

	public Response post(String path, String token) {
		return post(path, token, null);
	}

	/**
	 * Signs up the first user of an empty installation, who becomes admin.
	 * @return the admin's token
	 */
	public String admin() {
		Response response = post("/users.signup", null,
				Map.of("first_name", "Ada", "last_name", "Admin", "email", "admin@example.com", "password", PASSWORD));
		assertThat(response.status()).as(response.text()).isEqualTo(200);
		return response.text("token");
	}

	/**
	 * Invites a user with the role and accepts the invitation.
	 * @return the user's token
	 */
	public String user(String adminToken, String role) {
		String email = role + (++this.users) + "@example.com";
		Response invitation = post("/users.invite", adminToken, Map.of("email", email, "role", role));
		assertThat(invitation.status()).as(invitation.text()).isEqualTo(201);
		Response accepted = post("/users.accept-invitation", null, Map.of("token", invitation.text("invitation_token"),
				"first_name", "Test", "last_name", role, "password", PASSWORD));
		assertThat(accepted.status()).as(accepted.text()).isEqualTo(200);
		return accepted.text("token");
	}

	public static Map<String, Object> body(Object... keysAndValues) {
		Map<String, Object> body = new LinkedHashMap<>();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			body.put((String) keysAndValues[i], keysAndValues[i + 1]);
		}
		return body;
	}

	/**
	 * An answer of the API.
	 *
	 * @param raw the servlet response
	 * @param json the mapper
	 */
	public record Response(MockHttpServletResponse raw, JsonMapper json) {

		public int status() {
			return this.raw.getStatus();
		}

		public String text() {
			try {
				return this.raw.getContentAsString();
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}

		public JsonNode body() {
			return this.json.readTree(text());
		}

		/**
		 * The text at a dotted path of the JSON body
		 * ({@code response_metadata.next_cursor}).
		 */
		public String text(String path) {
			JsonNode node = body();
			for (String part : path.split("\\.")) {
				node = node.path(part);
			}
			return node.isNull() || node.isMissingNode() ? null : node.asString();
		}

		public String contentType() {
			return this.raw.getContentType();
		}

	}

}

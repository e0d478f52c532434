package dev.switchboard.common.web;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import dev.switchboard.Api.Response;
import dev.switchboard.IntegrationTests;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.assertj.MockMvcTester.MockMvcRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

import static dev.switchboard.Api.PASSWORD;
import static dev.switchboard.Api.body;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Text a client sends that no field can hold as sent: a NUL, malformed UTF-8, a lone
 * surrogate. Each is a 400 that stores nothing, on anonymous and authenticated endpoints.
 */
class StrictTextTests extends IntegrationTests {

	/**
	 * What goes inside a JSON string in place of {@code %s}, as raw bytes.
	 */
	private static final Map<String, byte[]> BAD_TEXT = Map.of("an escaped NUL", ascii("a\\u0000b"),
			"an overlong slash (C0 AF)", new byte[] { 'a', (byte) 0xC0, (byte) 0xAF, 'b' }, "an overlong NUL (C0 80)",
			new byte[] { 'a', (byte) 0xC0, (byte) 0x80, 'b' }, "an encoded surrogate (ED A0 80)",
			new byte[] { 'a', (byte) 0xED, (byte) 0xA0, (byte) 0x80 }, "an invalid byte (FF)",
			new byte[] { 'a', (byte) 0xFF }, "a lone high surrogate escape", ascii("a\\uD800b"),
			"a lone low surrogate escape", ascii("\\uDC00"), "a high surrogate escape at the end", ascii("a\\uD83D"));

	@Test
	void signupRefusesBadTextInANameAndCreatesNoUser() {
		refusedEverywhere("/users.signup", null,
				"{\"first_name\":\"%s\",\"last_name\":\"Admin\",\"email\":\"ada@example.com\",\"password\":\""
						+ PASSWORD + "\"}");
		refusedEverywhere("/users.signup", null,
				"{\"first_name\":\"Ada\",\"last_name\":\"%s\",\"email\":\"ada@example.com\",\"password\":\"" + PASSWORD
						+ "\"}");

		assertThat(count("users")).isZero();
	}

	@Test
	void loginRefusesBadTextInTheEmailAndCountsNoFailure() {
		this.api.admin();

		refusedEverywhere("/users.login", null, "{\"email\":\"%s@example.com\",\"password\":\"" + PASSWORD + "\"}");

		assertThat(count("login_failures")).isZero();
	}

	@Test
	void tagsCreateRefusesBadTextInTheNameAndCreatesNoTag() {
		String admin = this.api.admin();

		refusedEverywhere("/tags.create", admin, "{\"name\":\"%s\",\"color\":\"tag-blue\"}");

		assertThat(count("tags")).isZero();
	}

	@Test
	void conversationEndpointsRefuseBadTextAndChangeNothing() {
		String admin = this.api.admin();
		String channelId = this.api.post("/channels.chatplugin.connect", admin, body("name", "Website")).text("id");
		String visitor = this.api.post("/chatplugin.authenticate", null, body("channel_id", channelId)).text("token");
		assertThat(this.api.post("/chatplugin.send", visitor, body("message", body("text", "Hello"))).status())
			.isEqualTo(200);
		String conversationId = this.api.post("/conversations.list", admin, Map.of())
			.body()
			.path("data")
			.get(0)
			.path("id")
			.asString();
		String displayName = info(admin, conversationId).path("contact").path("display_name").asString();

		refusedEverywhere("/chatplugin.send", visitor, "{\"message\":{\"text\":\"%s\"}}");
		refusedEverywhere("/messages.send", admin,
				"{\"conversation_id\":\"" + conversationId + "\",\"message\":{\"text\":\"%s\"}}");
		refusedEverywhere("/conversations.update-contact", admin,
				"{\"conversation_id\":\"" + conversationId + "\",\"display_name\":\"%s\"}");
		refusedEverywhere("/metadata.set", admin,
				"{\"conversation_id\":\"" + conversationId + "\",\"key\":\"k%s\",\"value\":\"v\"}");
		refusedEverywhere("/metadata.set", admin,
				"{\"conversation_id\":\"" + conversationId + "\",\"key\":\"k\",\"value\":\"%s\"}");
		refusedEverywhere("/metadata.set", admin,
				"{\"conversation_id\":\"" + conversationId + "\",\"key\":\"k\",\"value\":{\"nested\":[\"%s\"]}}");

		assertThat(count("messages")).isEqualTo(1);
		JsonNode info = info(admin, conversationId);
		assertThat(info.path("contact").path("display_name").asString()).isEqualTo(displayName);
		assertThat(info.path("metadata").properties()).isEmpty();
	}

	@Test
	void textThatIsOnlyUnusualIsKeptAsSent() {
		String admin = this.api.admin();

		Response created = post("/tags.create", admin,
				("{\"name\":\"\\uD83D\\uDE00 caf\u00e9 \\\\u0000 \u4e2d\",\"color\":\"tag-blue\"}")
					.getBytes(StandardCharsets.UTF_8));

		assertThat(created.status()).as(created.text()).isEqualTo(201);
		assertThat(created.text("name")).isEqualTo("\uD83D\uDE00 caf\u00e9 \\u0000 \u4e2d");
	}

	@Test
	void anAuthorizationHeaderWithOtherThanPrintableAsciiIsABadRequest() {
		String admin = this.api.admin();

		for (String value : List.of("Bearer " + admin + "\u00e9", "Bearer " + admin + "\t", "Bearer \u0001" + admin,
				"AccessKey k\u00ff")) {
			MockHttpServletResponse response = this.mvc.post()
				.uri("/tags.list")
				.header("Authorization", value)
				.exchange()
				.getResponse();
			assertThat(response.getStatus()).as(value).isEqualTo(400);
			assertThat(response.getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		}
	}

	@Test
	void aQueryStringWithANulOrMalformedUtf8IsABadRequest() {
		String admin = this.api.admin();

		for (String query : List.of("x=%00", "x=a%C0%AFb", "x=%ED%A0%80", "x=%FF")) {
			MockHttpServletResponse response = this.mvc.post()
				.uri(URI.create("/tags.list?" + query))
				.header("Authorization", "Bearer " + admin)
				.exchange()
				.getResponse();
			assertThat(response.getStatus()).as(query).isEqualTo(400);
			assertThat(response.getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		}
		assertThat(this.mvc.post()
			.uri(URI.create("/tags.list?x=caf%C3%A9"))
			.header("Authorization", "Bearer " + admin)
			.exchange()
			.getResponse()
			.getStatus()).isEqualTo(200);
	}

	@Test
	void theErrorPageCalledDirectlyIsNotFoundWhateverTheMethod() throws Exception {
		for (HttpMethod method : List.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE,
				HttpMethod.PATCH, HttpMethod.OPTIONS)) {
			MockHttpServletResponse response = this.mvc.perform(MockMvcRequestBuilders.request(method, "/error"))
				.getResponse();
			assertThat(response.getStatus()).as(method.name()).isEqualTo(404);
			assertThat(response.getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			assertThat(this.json.readTree(response.getContentAsString()).path("detail").asString())
				.isEqualTo("No endpoint " + method.name() + " /error.");
		}
	}

	/**
	 * Posts the template with each kind of bad text in place of {@code %s} and expects a
	 * 400 problem every time.
	 */
	private void refusedEverywhere(String path, String token, String template) {
		BAD_TEXT.forEach((kind, text) -> {
			Response response = post(path, token, fill(template, text));
			assertThat(response.status()).as(path + " with " + kind + ": " + response.text()).isEqualTo(400);
			assertThat(response.contentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		});
	}

	private Response post(String path, String token, byte[] body) {
		MockMvcRequestBuilder request = this.mvc.post().uri(path).contentType(MediaType.APPLICATION_JSON).content(body);
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return new Response(request.exchange().getResponse(), this.json);
	}

	private JsonNode info(String token, String conversationId) {
		return this.api.post("/conversations.info", token, body("conversation_id", conversationId)).body();
	}

	private long count(String table) {
		return this.jdbc.sql("select count(*) from " + table).query(Long.class).single();
	}

	private static byte[] fill(String template, byte[] text) {
		int at = template.indexOf("%s");
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		body.writeBytes(template.substring(0, at).getBytes(StandardCharsets.UTF_8));
		body.writeBytes(text);
		body.writeBytes(template.substring(at + 2).getBytes(StandardCharsets.UTF_8));
		return body.toByteArray();
	}

	private static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

}

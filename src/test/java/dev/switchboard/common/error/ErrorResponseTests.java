package dev.switchboard.common.error;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import dev.switchboard.Api.Response;
import dev.switchboard.IntegrationTests;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.switchboard.Api.body;
import static org.assertj.core.api.Assertions.assertThat;

class ErrorResponseTests extends IntegrationTests {

	@LocalServerPort
	private int port;

	@Test
	void anUnknownPathIs404Problem() {
		Response response = this.api.post("/conversations.nope", this.api.admin(), "{}");

		assertThat(response.status()).isEqualTo(404);
		assertThat(response.contentType()).isEqualTo("application/problem+json");
		assertThat(response.text("detail")).contains("/conversations.nope");
	}

	@Test
	void aWrongMethodIs405Problem() throws Exception {
		var response = this.mvc.get()
			.uri("/tags.list")
			.header("Authorization", "Bearer " + this.api.admin())
			.exchange()
			.getResponse();

		assertThat(response.getStatus()).isEqualTo(405);
		assertThat(response.getContentType()).isEqualTo("application/problem+json");
	}

	@Test
	void aNonJsonBodyIs415() {
		var response = this.mvc.post()
			.uri("/tags.create")
			.header("Authorization", "Bearer " + this.api.admin())
			.contentType("text/plain")
			.content("name=x")
			.exchange()
			.getResponse();

		assertThat(response.getStatus()).isEqualTo(415);
		assertThat(response.getContentType()).isEqualTo("application/problem+json");
	}

	@Test
	void malformedJsonIs400() {
		Response response = this.api.post("/tags.create", this.api.admin(), "{\"name\": ");

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.text("detail")).isEqualTo("The request body is not valid JSON.");
	}

	@Test
	void aMissingBodyIs400() {
		Response response = this.api.post("/tags.create", this.api.admin());

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.contentType()).isEqualTo("application/problem+json");
	}

	@Test
	void aMalformedUuidIs400NamingTheField() {
		Response response = this.api.post("/tags.delete", this.api.admin(), body("id", "not-a-uuid"));

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.text("detail")).contains("'id'").contains("UUID");
	}

	@Test
	void numbersAreNotAcceptedForStringsNorStringsForNumbers() {
		String admin = this.api.admin();

		assertThat(this.api.post("/tags.create", admin, "{\"name\": true, \"color\": \"tag-red\"}").status())
			.isEqualTo(400);
		assertThat(this.api.post("/users.list", admin, "{\"page_size\": \"20\"}").status()).isEqualTo(400);
		assertThat(this.api.post("/users.list", admin, "{\"page_size\": 2.5}").status()).isEqualTo(400);
	}

	@Test
	void unknownFieldsAreIgnoredAndListsTakeAnEmptyBody() {
		String admin = this.api.admin();

		assertThat(this.api.post("/tags.create", admin, body("name", "x", "color", "tag-red", "extra", 1)).status())
			.isEqualTo(201);
		assertThat(this.api.post("/tags.list", admin).status()).isEqualTo(200);
		assertThat(this.api.post("/tags.list", admin, "").status()).isEqualTo(200);
		assertThat(this.api.post("/users.list", admin, "{}").status()).isEqualTo(200);
	}

	@Test
	void aBodyOverOneMebibyteIs413WhetherItsLengthIsDeclaredOrNot() throws Exception {
		String admin = this.api.admin();
		byte[] large = ("{\"name\": \"" + "a".repeat(1024 * 1024) + "\", \"color\": \"tag-red\"}")
			.getBytes(StandardCharsets.UTF_8);
		HttpClient client = HttpClient.newHttpClient();
		URI uri = URI.create("http://localhost:" + this.port + "/tags.create");

		HttpResponse<String> declared = client.send(HttpRequest.newBuilder(uri)
			.header("Authorization", "Bearer " + admin)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofByteArray(large))
			.build(), HttpResponse.BodyHandlers.ofString());
		HttpResponse<String> chunked = client.send(HttpRequest.newBuilder(uri)
			.header("Authorization", "Bearer " + admin)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofInputStream(() -> (InputStream) new ByteArrayInputStream(large)))
			.build(), HttpResponse.BodyHandlers.ofString());

		for (HttpResponse<String> response : java.util.List.of(declared, chunked)) {
			assertThat(response.statusCode()).isEqualTo(413);
			assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			assertThat(response.body()).contains("larger than");
		}
		assertThat(this.api.post("/tags.list", admin).body().path("tags").size()).isZero();
	}

}

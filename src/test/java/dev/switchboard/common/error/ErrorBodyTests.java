package dev.switchboard.common.error;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.switchboard.IntegrationTests;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every error the real server answers, wherever it is raised (a controller, a filter,
 * Tomcat itself), is a problem detail with a status, a title and a detail.
 */
class ErrorBodyTests extends IntegrationTests {

	private final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Test
	void webhooksRefuseUnsignedDeliveriesWithAProblem() throws Exception {
		for (String path : List.of("/facebook", "/instagram", "/whatsapp", "/twilio", "/google")) {
			HttpResponse<String> refused = send(HttpRequest.newBuilder(uri(path))
				.header("Content-Type", "application/json")
				.header("X-Hub-Signature-256", "sha256=00")
				.header("X-Twilio-Signature", "AAAA")
				.header("X-Goog-Signature", "AAAA")
				.POST(HttpRequest.BodyPublishers.ofString("{\"object\":\"page\",\"entry\":[]}")));

			assertProblem(refused, 403);
		}
		for (String path : List.of("/facebook", "/instagram", "/whatsapp")) {
			assertProblem(send(HttpRequest
				.newBuilder(uri(path + "?hub.mode=subscribe&hub.verify_token=wrong" + "&hub.challenge=1"))
				.GET()), 403);
		}
	}

	@Test
	void requestsTomcatRefusesAreBadRequestProblems() throws Exception {
		List<String> malformed = List.of("GET /tags%zzlist HTTP/1.1\r\nHost: localhost\r\n\r\n",
				"GET /tags.list?q={\"a\"} HTTP/1.1\r\nHost: localhost\r\n\r\n",
				"GET /tags.list HTTP/1.1\r\nHost: localhost\r\nBad Header: x\r\n\r\n", "GARBAGE\r\n\r\n");

		for (String request : malformed) {
			RawResponse response = raw(request);

			assertThat(response.status()).as(request).isEqualTo(400);
			assertThat(response.head()).as(request).containsIgnoringCase("Content-Type: application/problem+json");
			assertProblemBody(response.body(), 400);
		}
	}

	@Test
	void anUnknownMethodIs405NamingTheAllowedOnes() throws Exception {
		HttpResponse<String> unknown = send(
				HttpRequest.newBuilder(uri("/users.login")).method("BREW", HttpRequest.BodyPublishers.noBody()));
		HttpResponse<String> wrong = send(
				HttpRequest.newBuilder(uri("/users.login")).method("DELETE", HttpRequest.BodyPublishers.noBody()));
		RawResponse trace = raw("TRACE /users.login HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

		assertProblem(unknown, 405);
		assertThat(unknown.headers().firstValue("Allow"))
			.hasValueSatisfying((allow) -> assertThat(allow).contains("POST"));
		assertProblem(wrong, 405);
		assertThat(wrong.headers().firstValue("Allow"))
			.hasValueSatisfying((allow) -> assertThat(allow).contains("POST"));
		assertThat(trace.status()).isEqualTo(405);
		assertThat(trace.head()).containsIgnoringCase("Allow:");
		assertProblemBody(trace.body(), 405);
	}

	@Test
	void theErrorPathAnswersEveryMethodWithA404Problem() throws Exception {
		for (String method : List.of("GET", "POST", "PUT", "PATCH", "DELETE", "BREW")) {
			HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/error"))
				.header("Accept", "text/html")
				.method(method, HttpRequest.BodyPublishers.ofString("{}")));

			assertProblem(response, 404);
		}
	}

	@Test
	void aBodyTooLargeForAFilterIsA413Problem() throws Exception {
		byte[] large = ("a=" + "b".repeat(2 * 1024 * 1024)).getBytes(StandardCharsets.US_ASCII);

		// the form filter reads PUT, PATCH and DELETE forms before any controller
		HttpResponse<String> chunked = send(HttpRequest.newBuilder(uri("/tags.delete"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.method("DELETE",
					HttpRequest.BodyPublishers.ofInputStream(() -> (InputStream) new ByteArrayInputStream(large))));
		HttpResponse<String> declared = send(HttpRequest.newBuilder(uri("/users.login"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofByteArray(large)));

		assertProblem(chunked, 413);
		assertProblem(declared, 413);
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	private void assertProblem(HttpResponse<String> response, int status) {
		assertThat(response.statusCode()).as(response.uri() + " " + response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).as(response.uri().toString())
			.hasValue("application/problem+json");
		assertProblemBody(response.body(), status);
	}

	private void assertProblemBody(String body, int status) {
		JsonNode problem = this.json.readTree(body);
		assertThat(problem.path("status").asInt()).as(body).isEqualTo(status);
		assertThat(problem.path("title").asString()).as(body).isNotBlank();
		assertThat(problem.path("detail").asString()).as(body).isNotBlank();
	}

	/**
	 * Sends bytes no HTTP client would and reads the answer until the server closes.
	 */
	private RawResponse raw(String request) throws Exception {
		try (Socket socket = new Socket("localhost", this.port)) {
			socket.setSoTimeout(5000);
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			String text = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			int end = text.indexOf("\r\n\r\n");
			String head = text.substring(0, end);
			String body = text.substring(end + 4);
			if (head.toLowerCase().contains("transfer-encoding: chunked")) {
				body = body.substring(body.indexOf("\r\n") + 2, body.lastIndexOf("\r\n0\r\n"));
			}
			return new RawResponse(Integer.parseInt(head.split(" ")[1]), head, body);
		}
	}

	private record RawResponse(int status, String head, String body) {
	}

}

package dev.switchboard.source;

import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * What every platform client shares: timeouts (a platform that does not answer within the
 * read timeout is treated as down, so the delivery worker retries instead of holding a
 * sender) and the reading of answers.
 */
public final class PlatformHttp {

	static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

	static final Duration READ_TIMEOUT = Duration.ofSeconds(15);

	private PlatformHttp() {
	}

	/**
	 * A client for one platform's API at the base URL, with the shared timeouts. Spring
	 * Boot 4 offers no {@code RestClient.Builder} bean without its separate restclient
	 * module, so the client is built from Spring Framework's defaults.
	 * @param baseUrl the platform's base URL, from configuration
	 */
	public static RestClient client(String baseUrl) {
		JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(
				HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build());
		factory.setReadTimeout(READ_TIMEOUT);
		return RestClient.builder().baseUrl(baseUrl).requestFactory(factory).build();
	}

	/**
	 * Reads a platform's answer, whatever its status; a body that is not JSON is dropped.
	 */
	public static Answer answer(ClientHttpResponse response, JsonMapper json) throws IOException {
		byte[] bytes = response.getBody().readAllBytes();
		JsonNode body;
		try {
			body = (bytes.length > 0) ? json.readTree(bytes) : null;
		}
		catch (JacksonException ex) {
			body = null;
		}
		return new Answer(response.getStatusCode().value(), body, retryAfter(response.getHeaders()));
	}

	private static Duration retryAfter(HttpHeaders headers) {
		String value = headers.getFirst(HttpHeaders.RETRY_AFTER);
		try {
			return (value != null) ? Duration.ofSeconds(Long.parseLong(value.trim())) : null;
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	/**
	 * A platform's answer.
	 *
	 * @param status the HTTP status
	 * @param body the JSON body, or {@code null}
	 * @param retryAfter the wait the platform asked for ({@code Retry-After} in seconds),
	 * or {@code null}
	 */
	public record Answer(int status, JsonNode body, Duration retryAfter) {

		public boolean successful() {
			return this.status >= 200 && this.status < 300;
		}

		/**
		 * Whether trying again later may succeed: rate limited or a server error.
		 */
		public boolean transientFailure() {
			return this.status == 429 || this.status >= 500;
		}

		/**
		 * The text at a path of the body, or {@code null}.
		 */
		public String text(String... path) {
			JsonNode node = this.body;
			for (String field : path) {
				node = (node != null) ? node.get(field) : null;
			}
			return (node != null && !node.isNull() && !node.isContainer()) ? node.asString() : null;
		}

	}

}

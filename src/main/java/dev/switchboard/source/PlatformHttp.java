package dev.switchboard.source;

import java.io.IOException;
import java.time.Duration;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.client.ClientHttpResponse;

/**
 * What every platform client shares: the timeouts {@link PlatformClients} sets (a
 * platform that does not answer within the read timeout is treated as down, so the
 * delivery worker retries instead of holding a sender) and the reading of answers.
 */
public final class PlatformHttp {

	static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

	static final Duration READ_TIMEOUT = Duration.ofSeconds(15);

	private PlatformHttp() {
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

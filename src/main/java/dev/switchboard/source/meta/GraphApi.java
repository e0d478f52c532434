package dev.switchboard.source.meta;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

import dev.switchboard.common.security.HeaderTokens;

import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;
import org.springframework.web.util.UriBuilder;

/**
 * Calls to one Graph API base URL (version included). Tokens travel in the
 * {@code Authorization} header; an answer that is not 2xx becomes a
 * {@link GraphException} whose texts never contain the call's secrets, and neither does
 * anything logged here (nothing is). No exception of the HTTP client leaves this class:
 * their messages may quote a header or the URL with its query.
 */
public final class GraphApi {

	/** Marks a call whose query parameters are a form body. */
	private static final JsonNode FORM = JsonNodeFactory.instance.objectNode();

	private final RestClient rest;

	private final JsonMapper json;

	/**
	 * A client of the Graph API at a base URL.
	 * @param builder the platform client builder (its timeouts)
	 * @param baseUrl the Graph API base, version included
	 * @param json reads and writes the bodies
	 */
	public GraphApi(RestClient.Builder builder, String baseUrl, JsonMapper json) {
		this.rest = builder.baseUrl(baseUrl).build();
		this.json = json;
	}

	/**
	 * {@code GET} of a path (its segments encoded) with query parameters.
	 * @param token the bearer token, or {@code null}
	 * @throws GraphException when the call fails
	 */
	public JsonNode get(String token, Map<String, String> query, String... path) {
		return call(HttpMethod.GET, token, query, null, path);
	}

	/**
	 * {@code DELETE} with a JSON body (Graph reads which fields to delete from it).
	 * @throws GraphException when the call fails
	 */
	public JsonNode delete(String token, Map<String, String> query, JsonNode body, String... path) {
		return call(HttpMethod.DELETE, token, query, body, path);
	}

	/**
	 * {@code POST} of a form (Instagram Login's code exchange), its secret fields kept
	 * out of every error.
	 * @throws GraphException when the call fails
	 */
	public JsonNode postForm(Map<String, String> form, String... path) {
		return call(HttpMethod.POST, null, form, FORM, path);
	}

	/**
	 * {@code POST} of a JSON body (or none) to a path with query parameters.
	 * @throws GraphException when the call fails
	 */
	public JsonNode post(String token, Map<String, String> query, JsonNode body, String... path) {
		return call(HttpMethod.POST, token, query, (body != null) ? body : this.json.createObjectNode(), path);
	}

	/**
	 * Exchanges a token for a long-lived one ({@code fb_exchange_token}); the token
	 * itself when Graph answers without one.
	 * @throws GraphException when the exchange fails
	 */
	public String longLived(String appId, String appSecret, String token) {
		Map<String, String> query = new LinkedHashMap<>();
		query.put("grant_type", "fb_exchange_token");
		query.put("client_id", appId);
		query.put("client_secret", appSecret);
		query.put("fb_exchange_token", token);
		String exchanged = get(null, query, "oauth", "access_token").path("access_token").asString("");
		return exchanged.isEmpty() ? token : exchanged;
	}

	private JsonNode call(HttpMethod method, String token, Map<String, String> query, JsonNode body, String... path) {
		if (token != null && !HeaderTokens.headerSafe(token)) {
			throw GraphException.malformedToken();
		}
		List<String> secrets = new ArrayList<>();
		if (token != null) {
			secrets.add(token);
		}
		query.forEach((name, value) -> {
			if (name.contains("token") || name.contains("secret") || name.equals("code")) {
				secrets.add(value);
			}
		});
		try {
			RestClient.RequestHeadersSpec<?> request;
			if (body == FORM) {
				// the form's fields travel in the body, not the URL
				MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
				query.forEach(form::add);
				request = this.rest.post()
					.uri((builder) -> uri(builder, Map.of(), path))
					.contentType(MediaType.APPLICATION_FORM_URLENCODED)
					.body(form);
			}
			else if (body != null) {
				request = this.rest.method(method)
					.uri((builder) -> uri(builder, query, path))
					.contentType(MediaType.APPLICATION_JSON)
					.body(this.json.writeValueAsString(body));
			}
			else {
				request = this.rest.method(method).uri((builder) -> uri(builder, query, path));
			}
			if (token != null) {
				request.header("Authorization", "Bearer " + token);
			}
			return request.exchange((req, response) -> {
				byte[] bytes = response.getBody().readAllBytes();
				int status = response.getStatusCode().value();
				if (status >= 200 && status < 300) {
					return (bytes.length == 0) ? this.json.createObjectNode() : this.json.readTree(bytes);
				}
				throw error(status, bytes, response.getHeaders().getFirst("Retry-After"), secrets);
			}, false);
		}
		catch (GraphException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			// the exception's text may hold a header or the URL with its query: it goes
			// nowhere
			throw GraphException.unreachable();
		}
	}

	private static URI uri(UriBuilder builder, Map<String, String> query, String... path) {
		Map<String, Object> variables = new HashMap<>();
		String[] segments = new String[path.length];
		for (int i = 0; i < path.length; i++) {
			segments[i] = "{p" + i + "}";
			variables.put("p" + i, path[i]);
		}
		builder.pathSegment(segments);
		int i = 0;
		for (Map.Entry<String, String> parameter : new LinkedHashMap<>(query).entrySet()) {
			builder.queryParam(parameter.getKey(), "{q" + i + "}");
			variables.put("q" + i++, parameter.getValue());
		}
		return builder.build(variables);
	}

	private JsonNode parsed(String text) {
		try {
			return this.json.readTree(text);
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	private GraphException error(int status, byte[] bytes, String retryAfter, List<String> secrets) {
		String text = new String(bytes, StandardCharsets.UTF_8);
		for (String secret : secrets) {
			if (secret != null && !secret.isEmpty()) {
				text = text.replace(secret, "[hidden]");
			}
		}
		// not JSON (a proxy's error page): the status says enough
		JsonNode parsed = parsed(text);
		JsonNode error = (parsed != null && parsed.path("error").isObject()) ? parsed.get("error") : null;
		Duration wait = null;
		if (retryAfter != null && retryAfter.matches("\\d{1,6}")) {
			wait = Duration.ofSeconds(Long.parseLong(retryAfter));
		}
		if (error == null && parsed != null && parsed.has("error_message")) {
			// Instagram Login's OAuth errors are flat: {error_type, code, error_message}
			return new GraphException(status, parsed.path("code").asInt(0), 0, parsed.path("error_type").asString(null),
					parsed.path("error_message").asString(null), false, parsed, wait);
		}
		if (error == null) {
			return new GraphException(status, 0, 0, null, null, false, null, wait);
		}
		return new GraphException(status, error.path("code").asInt(0), error.path("error_subcode").asInt(0),
				error.path("type").asString(null), error.path("message").asString(null),
				error.path("is_transient").asBoolean(false), error, wait);
	}

}

package dev.switchboard.source.meta;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local stand-in for the Graph API: answers as each test scripts it (404 with a Graph
 * error otherwise) and records every request.
 */
public final class FakeGraph {

	public static final String VERSION = "/v23.0";

	private static final Pattern VERSIONED = Pattern.compile("/(v\\d+\\.\\d+)(?=/|$)");

	private final HttpServer server;

	private final Map<String, Function<Request, Reply>> routes = new ConcurrentHashMap<>();

	private final List<Request> requests = new CopyOnWriteArrayList<>();

	private FakeGraph(HttpServer server) {
		this.server = server;
	}

	public static FakeGraph start() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			FakeGraph graph = new FakeGraph(server);
			server.createContext("/", graph::handle);
			server.setExecutor(Executors.newCachedThreadPool());
			server.start();
			return graph;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + VERSION;
	}

	/**
	 * Answers {@code method path} (path after the version, e.g. {@code /me/messages}).
	 */
	public void on(String method, String path, Function<Request, Reply> answer) {
		this.routes.put(method + " " + path, answer);
	}

	public void on(String method, String path, int status, String json) {
		on(method, path, (request) -> new Reply(status, json));
	}

	public List<Request> requests() {
		return new ArrayList<>(this.requests);
	}

	public List<Request> requests(String method, String path) {
		return this.requests.stream()
			.filter((request) -> request.method().equals(method) && request.path().equals(path))
			.toList();
	}

	public void reset() {
		this.routes.clear();
		this.requests.clear();
	}

	private void handle(HttpExchange exchange) throws IOException {
		String path = exchange.getRequestURI().getPath();
		// any version, so that a workspace's graph_api_version reaches the same routes
		Matcher versioned = VERSIONED.matcher(path);
		String version = null;
		if (versioned.lookingAt()) {
			version = versioned.group(1);
			path = path.substring(versioned.end());
		}
		Map<String, String> query = new LinkedHashMap<>();
		String raw = exchange.getRequestURI().getRawQuery();
		if (raw != null) {
			for (String pair : raw.split("&")) {
				int eq = pair.indexOf('=');
				query.put(URLDecoder.decode((eq < 0) ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
						(eq < 0) ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
			}
		}
		Request request = new Request(exchange.getRequestMethod(), path, query,
				exchange.getRequestHeaders().getFirst("Authorization"),
				new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8), version);
		this.requests.add(request);
		Function<Request, Reply> route = this.routes.get(request.method() + " " + path);
		Reply reply = (route != null) ? route.apply(request) : new Reply(404,
				"{\"error\":{\"message\":\"Unknown path components\",\"type\":\"OAuthException\",\"code\":2500}}");
		if (reply.status() == 0) {
			// a dropped connection: the platform is unreachable
			exchange.close();
			return;
		}
		byte[] body = reply.json().getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(reply.status(), body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

	/**
	 * A request the fake received.
	 *
	 * @param method the HTTP method
	 * @param path the path after the version
	 * @param query the decoded query parameters
	 * @param authorization the {@code Authorization} header
	 * @param body the body
	 * @param version the Graph API version the path began with ({@code v23.0}), or
	 * {@code null}
	 */
	public record Request(String method, String path, Map<String, String> query, String authorization, String body,
			String version) {
	}

	/**
	 * An answer: status {@code 0} drops the connection.
	 *
	 * @param status the HTTP status
	 * @param json the body
	 */
	public record Reply(int status, String json) {
	}

}

package dev.switchboard.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local stand-in for platform APIs (Twilio, Google): records every request and answers
 * as the running test scripts it.
 */
public final class FakePlatform {

	private final HttpServer server;

	private final List<Request> requests = new CopyOnWriteArrayList<>();

	private volatile Function<Request, Reply> script = (request) -> Reply.json(404, "{}");

	private FakePlatform(HttpServer server) {
		this.server = server;
	}

	public static FakePlatform start() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			FakePlatform platform = new FakePlatform(server);
			server.createContext("/", platform::handle);
			server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
			server.start();
			return platform;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	/**
	 * Answers every request from now on with the script.
	 */
	public void script(Function<Request, Reply> script) {
		this.script = script;
	}

	public void reset(Function<Request, Reply> script) {
		this.requests.clear();
		this.script = script;
	}

	/**
	 * The requests received so far on paths starting with the prefix.
	 */
	public List<Request> requests(String pathPrefix) {
		return this.requests.stream().filter((request) -> request.path().startsWith(pathPrefix)).toList();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange; InputStream in = exchange.getRequestBody()) {
			Map<String, String> headers = new LinkedHashMap<>();
			exchange.getRequestHeaders()
				.forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
			Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), headers,
					new String(in.readAllBytes(), StandardCharsets.UTF_8));
			this.requests.add(request);
			Reply reply = this.script.apply(request);
			byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", reply.contentType());
			reply.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
			exchange.sendResponseHeaders(reply.status(), (body.length > 0) ? body.length : -1);
			if (body.length > 0) {
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(body);
				}
			}
		}
	}

	/**
	 * A request the platform received.
	 *
	 * @param method the method
	 * @param path the path
	 * @param headers the headers, names in lower case
	 * @param body the body
	 */
	public record Request(String method, String path, Map<String, String> headers, String body) {

		public String header(String name) {
			return this.headers.get(name.toLowerCase(Locale.ROOT));
		}

		/**
		 * The form parameters of a form-encoded body (repeated ones in order).
		 */
		public Map<String, List<String>> form() {
			Map<String, List<String>> form = new LinkedHashMap<>();
			for (String pair : this.body.split("&")) {
				if (!pair.isEmpty()) {
					String[] parts = pair.split("=", 2);
					form.computeIfAbsent(URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
							(key) -> new ArrayList<>())
						.add(URLDecoder.decode((parts.length > 1) ? parts[1] : "", StandardCharsets.UTF_8));
				}
			}
			return form;
		}

		public String param(String name) {
			List<String> values = form().get(name);
			return (values != null) ? values.get(0) : null;
		}

	}

	/**
	 * A scripted answer.
	 *
	 * @param status the status
	 * @param contentType the content type
	 * @param body the body
	 * @param headers more headers
	 */
	public record Reply(int status, String contentType, String body, Map<String, String> headers) {

		public static Reply json(int status, String body) {
			return new Reply(status, "application/json", body, Map.of());
		}

		public Reply withHeader(String name, String value) {
			Map<String, String> headers = new LinkedHashMap<>(this.headers);
			headers.put(name, value);
			return new Reply(this.status, this.contentType, this.body, headers);
		}

	}

}

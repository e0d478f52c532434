package dev.switchboard.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A receiver of webhooks on localhost: records every request and answers what each path
 * is told to (200 by default), or never, until released.
 */
final class Receiver implements AutoCloseable {

	/** An answer that is never given, until {@link #release()}. */
	static final int HANG = -1;

	private final HttpServer server;

	private final List<Request> requests = new CopyOnWriteArrayList<>();

	private final Map<String, Function<Request, Integer>> answers = new ConcurrentHashMap<>();

	private final CountDownLatch released = new CountDownLatch(1);

	private final AtomicInteger hanging = new AtomicInteger();

	private final Map<String, AtomicInteger> open = new ConcurrentHashMap<>();

	private final Map<String, AtomicInteger> mostOpen = new ConcurrentHashMap<>();

	Receiver() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1000);
		this.server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	String url(String path) {
		return "http://127.0.0.1:" + port() + path;
	}

	int port() {
		return this.server.getAddress().getPort();
	}

	/**
	 * Tells a path what to answer each request (a status, or {@link #HANG}).
	 */
	void answer(String path, Function<Request, Integer> answer) {
		this.answers.put(path, answer);
	}

	List<Request> requests(String path) {
		return this.requests.stream().filter((request) -> request.path().equals(path)).toList();
	}

	int hanging() {
		return this.hanging.get();
	}

	/**
	 * The most requests to a path that were open (received, not yet answered) at once.
	 */
	int mostOpenAtOnce(String path) {
		return this.mostOpen.getOrDefault(path, new AtomicInteger()).get();
	}

	void release() {
		this.released.countDown();
	}

	@Override
	public void close() {
		release();
		this.server.stop(0);
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange; InputStream in = exchange.getRequestBody()) {
			byte[] body = in.readAllBytes();
			Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
			exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, values.get(0)));
			Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), headers,
					body);
			this.requests.add(request);
			// open from its arrival until its answer is decided, before the answer is
			// sent:
			// the sender cannot start its next request earlier
			AtomicInteger opened = this.open.computeIfAbsent(request.path(), (key) -> new AtomicInteger());
			this.mostOpen.computeIfAbsent(request.path(), (key) -> new AtomicInteger())
				.accumulateAndGet(opened.incrementAndGet(), Math::max);
			int status;
			try {
				status = status(request);
			}
			finally {
				opened.decrementAndGet();
			}
			byte[] answer = "ok".getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(status, answer.length);
			exchange.getResponseBody().write(answer);
		}
		catch (IOException ex) {
			// the sender gave up (a timeout or a stop): nothing to answer
		}
	}

	private int status(Request request) {
		int status = this.answers.getOrDefault(request.path(), (r) -> 200).apply(request);
		if (status != HANG) {
			return status;
		}
		this.hanging.incrementAndGet();
		try {
			this.released.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			this.hanging.decrementAndGet();
		}
		return 200;
	}

	record Request(String method, String path, Map<String, String> headers, byte[] body) {

		String text() {
			return new String(this.body, StandardCharsets.UTF_8);
		}

		String header(String name) {
			return this.headers.get(name);
		}

	}

}

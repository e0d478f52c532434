package dev.switchboard.webhook;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What one attempt takes from a receiver: no redirect is followed, and an answer that is
 * late, or that trickles in past the deadline of the whole exchange, ends the attempt.
 */
class WebhookClientTests {

	private static final byte[] BODY = "{}".getBytes(StandardCharsets.UTF_8);

	private final List<String> requested = new CopyOnWriteArrayList<>();

	private HttpServer server;

	private WebhookClient client;

	@BeforeEach
	void start() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
		this.server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
		this.server.createContext("/", this::answer);
		this.server.start();
		WebhookProperties properties = new WebhookProperties(true, true, Duration.ofSeconds(1), Duration.ofSeconds(1),
				List.of(Duration.ofSeconds(5)), 0.1, Duration.ofDays(3), Duration.ofMinutes(1), Duration.ofMillis(250),
				8, 8, 100, 2);
		this.client = new WebhookClient(new Targets(InetAddress::getAllByName, properties), properties);
	}

	@AfterEach
	void stop() throws IOException {
		this.client.close();
		this.server.stop(0);
	}

	@Test
	void aRedirectIsTheAttemptsAnswerAndIsNotFollowed() {
		WebhookClient.Outcome outcome = this.client.post(url("/moved"), Map.of(), BODY);

		assertThat(outcome.status()).isEqualTo(307);
		assertThat(outcome.success()).isFalse();
		assertThat(this.requested).containsExactly("/moved");
	}

	/**
	 * {@code /late} answers after the timeout; on {@code /trickle} every byte comes
	 * within the socket timeout, the whole answer does not.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "/late", "/trickle" })
	void anAnswerNotCompleteWithinTheTimeoutEndsTheAttempt(String path) {
		long started = System.nanoTime();
		WebhookClient.Outcome outcome = this.client.post(url(path), Map.of(), BODY);

		assertThat(outcome.status()).isNull();
		assertThat(outcome.error()).isEqualTo("No complete answer within 1 s");
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
	}

	private String url(String path) {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + path;
	}

	private void answer(HttpExchange exchange) throws IOException {
		try (exchange) {
			String path = exchange.getRequestURI().getPath();
			this.requested.add(path);
			exchange.getRequestBody().readAllBytes();
			switch (path) {
				case "/moved" -> {
					exchange.getResponseHeaders().set("Location", url("/elsewhere"));
					exchange.sendResponseHeaders(307, -1);
				}
				case "/late" -> {
					pause(Duration.ofSeconds(6));
					exchange.sendResponseHeaders(204, -1);
				}
				case "/trickle" -> {
					exchange.sendResponseHeaders(200, 0);
					OutputStream out = exchange.getResponseBody();
					for (int i = 0; i < 20; i++) {
						out.write(' ');
						out.flush();
						pause(Duration.ofMillis(300));
					}
				}
				default -> exchange.sendResponseHeaders(204, -1);
			}
		}
		catch (IOException ex) {
			// the client gave up: nothing more to send
		}
	}

	private static void pause(Duration duration) {
		try {
			Thread.sleep(duration);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}

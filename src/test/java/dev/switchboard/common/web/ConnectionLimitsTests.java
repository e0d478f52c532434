package dev.switchboard.common.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.switchboard.IntegrationTests;
import org.apache.catalina.connector.Connector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

import static dev.switchboard.Api.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Slow and idle clients on the real server: what they hold must not keep other clients
 * waiting.
 */
class ConnectionLimitsTests extends IntegrationTests {

	private static final String LOGIN = "{\"email\":\"admin@example.com\",\"password\":\"" + PASSWORD + "\"}";

	@LocalServerPort
	private int port;

	@Autowired
	private WebServerApplicationContext context;

	private final List<Socket> sockets = new ArrayList<>();

	private HttpClient http;

	@BeforeEach
	void signUp() {
		this.api.admin();
		this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
	}

	@AfterEach
	void closeEverything() {
		this.http.close();
		this.sockets.forEach(ConnectionLimitsTests::closeQuietly);
		this.sockets.clear();
	}

	@Test
	void fiveHundredIdleStalledOrTricklingClientsLeaveHealthAndLoginAnsweredWithinASecond() throws Exception {
		assertThat(health()).isEqualTo(200);
		assertThat(login()).isEqualTo(200);
		List<Socket> refused = new ArrayList<>();
		List<Socket> trickling = new ArrayList<>();
		ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
		try {
			for (int i = 0; i < 500; i++) {
				Socket socket = open();
				switch (i % 3) {
					case 0 -> send(socket, "POST /users.login HTTP/1.1\r\nHost: 127.0.0.1\r\n");
					case 1 -> {
						send(socket, headers("/users.signup", 50L * 1024 * 1024));
						refused.add(socket);
					}
					default -> {
						send(socket,
								headers("/users.login", 1000) + "{\"email\":\"admin@example.com\",\"password\":\"");
						trickling.add(socket);
					}
				}
			}
			trickle.scheduleAtFixedRate(() -> trickling.forEach((socket) -> sendQuietly(socket, "a")), 0, 1,
					TimeUnit.SECONDS);
			for (Socket socket : refused) {
				assertThat(readUntilClosed(socket, Duration.ofSeconds(2))).startsWith("HTTP/1.1 413");
			}

			long start = System.nanoTime();
			assertThat(health()).isEqualTo(200);
			Duration health = Duration.ofNanos(System.nanoTime() - start);
			start = System.nanoTime();
			assertThat(login()).isEqualTo(200);
			Duration login = Duration.ofNanos(System.nanoTime() - start);

			assertThat(health).isLessThan(Duration.ofSeconds(1));
			assertThat(login).isLessThan(Duration.ofSeconds(1));
		}
		finally {
			trickle.shutdownNow();
		}
	}

	@Test
	void aDeclaredBodyOverTheLimitIsRefusedAndTheConnectionClosed() throws Exception {
		Socket socket = open();
		send(socket, headers("/users.signup", 50L * 1024 * 1024));

		String answer = readUntilClosed(socket, Duration.ofSeconds(1));

		assertThat(answer).startsWith("HTTP/1.1 413").containsIgnoringCase("connection: close");
		assertThat(answer).contains("application/problem+json");
	}

	@Test
	void aBodyThatStallsIsCutOffWithinTheBodyTimeout() throws Exception {
		Socket socket = open();
		send(socket, headers("/users.login", 1000) + "{\"email\":");

		long start = System.nanoTime();
		String answer = readUntilClosed(socket, WebConfiguration.BODY_STALL_TIMEOUT.plusSeconds(3));

		assertThat(Duration.ofNanos(System.nanoTime() - start))
			.isLessThan(WebConfiguration.BODY_STALL_TIMEOUT.plusSeconds(2));
		assertThat(answer).startsWith("HTTP/1.1 408").containsIgnoringCase("connection: close");
	}

	@Test
	void aBodyThatTricklesIsCutOffAtTheBodyDeadline() throws Exception {
		Socket socket = open();
		send(socket, headers("/users.login", 100_000) + "{\"email\":\"");
		ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
		try {
			trickle.scheduleAtFixedRate(() -> sendQuietly(socket, "a"), 200, 200, TimeUnit.MILLISECONDS);
			long start = System.nanoTime();

			String answer = readUntilClosed(socket, WebConfiguration.BODY_DEADLINE.plusSeconds(2));

			assertThat(Duration.ofNanos(System.nanoTime() - start))
				.isLessThan(WebConfiguration.BODY_DEADLINE.plusSeconds(2));
			assertThat(answer).startsWith("HTTP/1.1 408").containsIgnoringCase("connection: close");
		}
		finally {
			trickle.shutdownNow();
		}
	}

	@Test
	void theConnectorDropsIdleClientsWithinSeconds() {
		Connector connector = ((TomcatWebServer) this.context.getWebServer()).getTomcat().getConnector();

		assertThat((int) connector.getProperty("connectionTimeout")).isBetween(1000, 10_000);
		assertThat((int) connector.getProperty("keepAliveTimeout")).isBetween(1000, 30_000);
		assertThat((boolean) connector.getProperty("disableUploadTimeout")).isFalse();
		assertThat((int) connector.getProperty("connectionUploadTimeout")).isBetween(1000, 10_000);
		assertThat((int) connector.getProperty("maxKeepAliveRequests")).isBetween(1, 1000);
		assertThat((int) connector.getProperty("maxConnections")).isGreaterThanOrEqualTo(1000);
		assertThat((int) connector.getProperty("acceptCount")).isGreaterThanOrEqualTo(100);
	}

	private int health() throws Exception {
		HttpRequest request = HttpRequest.newBuilder(uri("/actuator/health")).timeout(Duration.ofSeconds(5)).build();
		return this.http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
	}

	private int login() throws Exception {
		HttpRequest request = HttpRequest.newBuilder(uri("/users.login"))
			.timeout(Duration.ofSeconds(5))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(LOGIN))
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	private Socket open() throws IOException {
		Socket socket = new Socket();
		this.sockets.add(socket);
		socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port), 2000);
		return socket;
	}

	private static String headers(String path, long contentLength) {
		return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
				+ contentLength + "\r\n\r\n";
	}

	private static void send(Socket socket, String text) throws IOException {
		OutputStream out = socket.getOutputStream();
		out.write(text.getBytes(StandardCharsets.UTF_8));
		out.flush();
	}

	private static void sendQuietly(Socket socket, String text) {
		try {
			send(socket, text);
		}
		catch (IOException ex) {
			// The server has closed it: that is what the limits are for.
		}
	}

	/**
	 * Everything the server sends until it closes the connection; fails if it does not
	 * close it within the time.
	 */
	private static String readUntilClosed(Socket socket, Duration within) throws IOException {
		socket.setSoTimeout((int) within.toMillis());
		ByteArrayOutputStream answer = new ByteArrayOutputStream();
		InputStream in = socket.getInputStream();
		byte[] buffer = new byte[8192];
		try {
			for (int n = in.read(buffer); n != -1; n = in.read(buffer)) {
				answer.write(buffer, 0, n);
			}
		}
		catch (SocketTimeoutException ex) {
			throw new AssertionError("The server kept the connection open for " + within + ": " + answer, ex);
		}
		catch (IOException ex) {
			// A reset after the answer is a close too.
		}
		return answer.toString(StandardCharsets.UTF_8);
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// Nothing left to release.
		}
	}

}

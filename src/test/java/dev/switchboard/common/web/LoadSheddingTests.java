package dev.switchboard.common.web;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import dev.switchboard.IntegrationTests;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.filter.OncePerRequestFilter;

import static dev.switchboard.Api.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Load shedding on the real server, with room for two requests in progress: what comes
 * over the limit is refused at once with a 503, health stays answered, and the server
 * serves normally once the load is gone.
 */
@TestPropertySource(properties = { "switchboard.load-shedding.max-in-progress=2",
		"switchboard.load-shedding.max-wait=1s", "switchboard.load-shedding.retry-after=3s" })
@Import(LoadSheddingTests.Holding.class)
class LoadSheddingTests extends IntegrationTests {

	@LocalServerPort
	private int port;

	@Autowired
	private MeterRegistry registry;

	private HttpClient http;

	@BeforeEach
	void client() {
		Holding.reset();
		this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
	}

	@AfterEach
	void letGo() {
		Holding.release.countDown();
		this.http.close();
	}

	@Test
	void requestsOverTheLimitGet503WithRetryAfterAndTheServerAnswersNormallyAfterwards() throws Exception {
		List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
		for (int i = 0; i < 2; i++) {
			held.add(this.http.sendAsync(request("/users.me").header(Holding.HEADER, "yes").build(),
					HttpResponse.BodyHandlers.ofString()));
		}
		assertThat(Holding.arrived.tryAcquire(2, 10, TimeUnit.SECONDS)).isTrue();

		double shedBefore = shed();
		List<CompletableFuture<HttpResponse<String>>> over = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			over.add(this.http.sendAsync(request("/users.me").build(), HttpResponse.BodyHandlers.ofString()));
		}
		for (CompletableFuture<HttpResponse<String>> answer : over) {
			HttpResponse<String> response = answer.get(10, TimeUnit.SECONDS);
			assertThat(response.statusCode()).isEqualTo(503);
			assertThat(response.headers().firstValue("Retry-After")).hasValue("3");
			assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			assertThat(response.body()).contains("\"status\":503").contains("The server is busy");
		}
		assertThat(shed() - shedBefore).as("refusals counted for /actuator/prometheus").isEqualTo(5);
		HttpResponse<String> health = this.http.send(
				HttpRequest.newBuilder(uri("/actuator/health")).timeout(Duration.ofSeconds(10)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(health.statusCode()).isEqualTo(200);

		Holding.release.countDown();
		for (CompletableFuture<HttpResponse<String>> answer : held) {
			// no token: the held requests went on through the security chain
			assertThat(answer.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(401);
		}
		for (int i = 0; i < 3; i++) {
			assertThat(this.http.send(request("/users.me").build(), HttpResponse.BodyHandlers.ofString()).statusCode())
				.isEqualTo(401);
		}
	}

	// four clients whose bodies stall hold no turn while the server waits for the bytes
	@Test
	void aRequestWaitingForItsBodyLeavesItsTurnToOthers() throws Exception {
		this.api.admin();
		List<Socket> trickling = new ArrayList<>();
		try {
			for (int i = 0; i < 4; i++) {
				Socket socket = new Socket("127.0.0.1", this.port);
				trickling.add(socket);
				socket.getOutputStream()
					.write(("POST /users.login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
							+ "Content-Length: 100\r\n\r\n{\"email\":\"")
						.getBytes());
				socket.getOutputStream().flush();
			}

			HttpResponse<String> login = this.http.send(request("/users.login")
				.POST(HttpRequest.BodyPublishers
					.ofString("{\"email\":\"admin@example.com\",\"password\":\"" + PASSWORD + "\"}"))
				.build(), HttpResponse.BodyHandlers.ofString());

			assertThat(login.statusCode()).isEqualTo(200);
		}
		finally {
			for (Socket socket : trickling) {
				socket.close();
			}
		}
	}

	private double shed() {
		return this.registry.get("switchboard.http.requests.shed").counter().count();
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(uri(path))
			.timeout(Duration.ofSeconds(10))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{}"));
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	/**
	 * Holds the requests that ask for it inside the limit until the test lets them go.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class Holding {

		static final String HEADER = "X-Test-Hold";

		static volatile Semaphore arrived = new Semaphore(0);

		static volatile CountDownLatch release = new CountDownLatch(1);

		static void reset() {
			arrived = new Semaphore(0);
			release = new CountDownLatch(1);
		}

		@Bean
		FilterRegistrationBean<OncePerRequestFilter> holdingFilter() {
			FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(
					new OncePerRequestFilter() {
						@Override
						protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
								FilterChain chain) throws ServletException, IOException {
							if (request.getHeader(HEADER) != null) {
								arrived.release();
								try {
									release.await(30, TimeUnit.SECONDS);
								}
								catch (InterruptedException ex) {
									Thread.currentThread().interrupt();
								}
							}
							chain.doFilter(request, response);
						}
					});
			registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 3);
			return registration;
		}

	}

}

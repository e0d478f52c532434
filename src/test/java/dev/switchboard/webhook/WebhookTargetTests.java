package dev.switchboard.webhook;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.switchboard.Api.Response;
import dev.switchboard.IntegrationTests;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.TestPropertySource;

import static dev.switchboard.Api.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SSRF protection as deployed: private targets are not allowed (plain http is, so the
 * receiver on localhost can show that nothing reaches it).
 */
@TestPropertySource(properties = { "switchboard.webhooks.allow-http=true",
		"switchboard.webhooks.allow-private-targets=false", "switchboard.webhooks.poll-interval=100ms" })
@Import(WebhookTargetTests.Resolver.class)
class WebhookTargetTests extends IntegrationTests {

	@Autowired
	private RebindingResolver resolver;

	private Receiver receiver;

	private String admin;

	@BeforeEach
	void receiverAndAdmin() throws Exception {
		this.receiver = new Receiver();
		this.admin = this.api.admin();
		this.resolver.lookups.set(0);
	}

	@AfterEach
	void stopReceiver() {
		this.receiver.close();
	}

	@Test
	void loopbackPrivateAndLinkLocalTargetsAreRefusedAtSubscribe() {
		for (String url : List.of(this.receiver.url("/in"), "http://localhost:" + this.receiver.port() + "/in",
				"http://10.0.0.7/in", "http://192.168.0.1/in", "http://169.254.169.254/latest/meta-data",
				"http://[::1]:" + this.receiver.port() + "/in", "http://[fd00::1]/in", "http://224.0.0.1/in",
				"http://0.0.0.0:" + this.receiver.port() + "/in")) {
			Response response = this.api.post("/webhooks.subscribe", this.admin, body("url", url));
			assertThat(response.status()).as(url).isEqualTo(400);
			assertThat(response.body().path("errors").get(0).path("field").asString()).isEqualTo("url");
		}
		assertThat(this.api.post("/webhooks.list", this.admin).body().path("data").size()).isZero();
	}

	@Test
	void aNameThatResolvesElsewhereAtDeliveryIsRefusedThen() {
		Response subscribed = this.api.post("/webhooks.subscribe", this.admin,
				body("url", "http://rebind.test:" + this.receiver.port() + "/in", "events", List.of("tag.updated")));
		assertThat(subscribed.status()).as(subscribed.text()).isEqualTo(201);
		String id = subscribed.text("id");
		assertThat(this.resolver.lookups.get()).isEqualTo(1);

		this.api.post("/tags.create", this.admin, body("name", "vip", "color", "tag-red"));
		await().atMost(Duration.ofSeconds(20))
			.until(() -> delivery(id).path("attempts").asInt() == 1 && delivery(id).path("last_error").isString());
		JsonNode delivery = delivery(id);
		assertThat(delivery.path("status").asString()).isEqualTo("PENDING");
		assertThat(delivery.path("last_error").asString()).startsWith("Refused:");
		assertThat(delivery.path("last_status_code").isNull()).isTrue();
		assertThat(this.resolver.lookups.get()).isGreaterThanOrEqualTo(2);
		assertThat(this.receiver.requests("/in")).isEmpty();
	}

	@Test
	void anUpdateToAPrivateTargetIsRefused() {
		Response subscribed = this.api.post("/webhooks.subscribe", this.admin, body("url", "http://public.test/in"));
		assertThat(subscribed.status()).as(subscribed.text()).isEqualTo(201);
		Response updated = this.api.post("/webhooks.update", this.admin,
				body("id", subscribed.text("id"), "url", this.receiver.url("/in")));
		assertThat(updated.status()).isEqualTo(400);
		assertThat(this.api.post("/webhooks.info", this.admin, body("id", subscribed.text("id"))).text("url"))
			.isEqualTo("http://public.test/in");
	}

	private JsonNode delivery(String id) {
		return this.api.post("/webhooks.deliveries", this.admin, Map.of("id", id)).body().path("data").path(0);
	}

	/**
	 * Resolves {@code rebind.test} to a public address the first time and to loopback
	 * after, {@code public.test} always to a public address, and other names as the
	 * system does.
	 */
	static final class RebindingResolver implements HostResolver {

		final AtomicInteger lookups = new AtomicInteger();

		@Override
		public InetAddress[] resolve(String host) throws UnknownHostException {
			if (host.equals("rebind.test")) {
				String address = (this.lookups.incrementAndGet() == 1) ? "93.184.216.34" : "127.0.0.1";
				return new InetAddress[] { InetAddress.getByName(address) };
			}
			if (host.equals("public.test")) {
				return new InetAddress[] { InetAddress.getByName("93.184.216.34") };
			}
			return InetAddress.getAllByName(host);
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Resolver {

		@Bean
		@Primary
		RebindingResolver rebindingResolver() {
			return new RebindingResolver();
		}

	}

}

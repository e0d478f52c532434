package dev.switchboard;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import dev.switchboard.source.inbox.WebhookInbox;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code /actuator/prometheus}: the service's own figures next to the JVM's, for admins
 * only on the API's port.
 */
class MetricsTests extends IntegrationTests {

	@Autowired
	private ObservationRegistry observations;

	@Autowired
	private WebhookInbox inbox;

	@Test
	void springSecurityObservesNothingOfARequestButRequestsAreStillTimed() {
		// each request's security filters would otherwise each start an observation
		Set<String> started = ConcurrentHashMap.newKeySet();
		this.observations.observationConfig().observationHandler(new ObservationHandler<>() {

			@Override
			public boolean supportsContext(Observation.Context context) {
				return true;
			}

			@Override
			public void onStart(Observation.Context context) {
				started.add(context.getName());
			}

		});

		assertThat(this.api.post("/tags.list", this.api.admin()).status()).isEqualTo(200);

		assertThat(started).contains("http.server.requests").noneMatch((name) -> name.startsWith("spring.security"));
	}

	@Test
	void theScrapeShowsWebhooksDeliveriesTheBacklogTheOutboxAndSessions() throws Exception {
		String admin = this.api.admin();
		this.conversations.channel("acme");
		long id = this.inbox.store(FakeSource.SOURCE, "application/json",
				"{\"account\":\"acme\",\"contact\":\"c1\",\"mid\":\"m-1\",\"text\":\"hi\"}"
					.getBytes(StandardCharsets.UTF_8));
		await().atMost(Duration.ofSeconds(10))
			.until(() -> "DONE".equals(this.jdbc.sql("select status from webhook_events where id = :id")
				.param("id", id)
				.query(String.class)
				.single()));

		// the backlog and outbox figures are read at most once a second: wait for a read
		// made after this test's event was processed
		await().atMost(Duration.ofSeconds(10)).until(() -> {
			String fresh = scrape(admin);
			return value(fresh, "switchboard_webhook_backlog_events") == 0
					&& value(fresh, "switchboard_delivery_outbox_jobs") == 0;
		});
		String scrape = scrape(admin);

		assertThat(value(scrape, "switchboard_webhook_events_received_total")).isGreaterThanOrEqualTo(1);
		assertThat(value(scrape, "switchboard_webhook_events_processed_total{outcome=\"done\"}"))
			.isGreaterThanOrEqualTo(1);
		assertThat(scrape).contains("switchboard_webhook_events_failed_total")
			.contains("switchboard_deliveries_total{outcome=\"sent\"}")
			.contains("switchboard_deliveries_total{outcome=\"retried\"}")
			.contains("switchboard_deliveries_total{outcome=\"failed\"}")
			.contains("switchboard_http_requests_shed_total")
			.contains("switchboard_http_requests_in_progress")
			.contains("jvm_memory_used_bytes")
			.contains("http_server_requests_seconds");
		assertThat(value(scrape, "switchboard_webhook_backlog_events")).isZero();
		assertThat(value(scrape, "switchboard_webhook_backlog_age_seconds")).isZero();
		assertThat(value(scrape, "switchboard_delivery_outbox_jobs")).isZero();
		assertThat(value(scrape, "switchboard_delivery_outbox_age_seconds")).isZero();
		assertThat(value(scrape, "switchboard_realtime_sessions")).isGreaterThanOrEqualTo(0);
	}

	@Test
	void aWaitingEventShowsInTheBacklogAndItsAge() throws Exception {
		String admin = this.api.admin();
		this.jdbc.sql("""
				insert into webhook_events (source, body, status, next_attempt_at, received_at)
				values ('fake', '\\x7b7d', 'PENDING', now() + interval '1 day', now() - interval '1 minute')""")
			.update();

		await().atMost(Duration.ofSeconds(10))
			.until(() -> value(scrape(admin), "switchboard_webhook_backlog_events") == 1);
		assertThat(value(scrape(admin), "switchboard_webhook_backlog_age_seconds")).isGreaterThanOrEqualTo(60);
	}

	@Test
	void onlyAdminsReadTheMetricsOnTheApisPort() {
		String admin = this.api.admin();
		String agent = this.api.user(admin, "agent");

		assertThat(this.mvc.get().uri("/actuator/prometheus")).hasStatus(401);
		assertThat(this.mvc.get().uri("/actuator/prometheus").header(HttpHeaders.AUTHORIZATION, "Bearer " + agent))
			.hasStatus(403);
	}

	private String scrape(String token) throws Exception {
		MvcTestResult result = this.mvc.get()
			.uri("/actuator/prometheus")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.exchange();
		assertThat(result).hasStatusOk();
		return result.getResponse().getContentAsString(StandardCharsets.UTF_8);
	}

	private static double value(String scrape, String series) {
		Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(series) + "(?:\\{[^}]*\\})? ([-+0-9.eE]+)$")
			.matcher(scrape);
		assertThat(matcher.find()).as("%s in the scrape", series).isTrue();
		return Double.parseDouble(matcher.group(1));
	}

}

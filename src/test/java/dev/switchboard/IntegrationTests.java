package dev.switchboard;

import java.util.List;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.junit.jupiter.api.BeforeEach;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/**
 * Base of the tests that run the whole service on the embedded PostgreSQL. Subclasses
 * share one application context; every test starts on empty tables with an empty mailbox
 * on a real in-process SMTP server.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureMockMvc
@Import({ FakeSource.class, Conversations.class })
public abstract class IntegrationTests {

	protected static final GreenMail mail = startMailServer();

	@Autowired
	protected MockMvcTester mvc;

	@Autowired
	protected JdbcClient jdbc;

	@Autowired
	protected JsonMapper json;

	@Autowired
	protected FakeSource.Sender fakeSender;

	@Autowired
	protected Conversations conversations;

	protected Api api;

	@DynamicPropertySource
	static void mailServer(DynamicPropertyRegistry registry) {
		registry.add("spring.mail.host", () -> "127.0.0.1");
		registry.add("spring.mail.port", () -> mail.getSmtp().getPort());
	}

	@BeforeEach
	void startClean() throws Exception {
		List<String> tables = this.jdbc
			.sql("select tablename from pg_tables where schemaname = 'public'"
					+ " and tablename not in ('flyway_schema_history', 'event_log_state', 'webhook_dispatch_state')")
			.query(String.class)
			.list();
		truncate(tables);
		mail.purgeEmailFromAllMailboxes();
		this.fakeSender.reset();
		this.api = new Api(this.mvc, this.json);
	}

	/**
	 * Empties the tables. The application's background workers (deliveries, webhooks, the
	 * event relay) may hold row locks at that moment, so a deadlock is retried.
	 */
	private void truncate(List<String> tables) throws InterruptedException {
		for (int attempt = 1;; attempt++) {
			try {
				this.jdbc.sql("truncate " + String.join(", ", tables) + " cascade").update();
				return;
			}
			catch (PessimisticLockingFailureException ex) {
				if (attempt == 5) {
					throw ex;
				}
				Thread.sleep(50L * attempt);
			}
		}
	}

	private static GreenMail startMailServer() {
		GreenMail server = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
		server.start();
		return server;
	}

}

package dev.switchboard.source.chatplugin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.switchboard.Api.Response;
import dev.switchboard.IntegrationTests;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester.MockMvcRequestBuilder;

import static dev.switchboard.Api.body;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The limits on anonymous writes through the chat plugin. The authentication counts live
 * in memory for the whole context, so each test uses addresses of its own.
 */
@TestPropertySource(properties = { "switchboard.chatplugin.max-authentications-per-address=6",
		"switchboard.chatplugin.max-conversations-per-address=3",
		"switchboard.chatplugin.max-conversations-per-channel=4", "switchboard.chatplugin.start-window=1m" })
class ChatPluginLimitsTests extends IntegrationTests {

	private String admin;

	private String channelId;

	@BeforeEach
	void connectAChannel() {
		this.admin = this.api.admin();
		this.channelId = connect("Website");
	}

	@Test
	void oneAddressCreatingVisitorsInALoopIsRefusedAfterTheLimitWhileAnotherAddressIsNot() {
		List<Integer> sends = new ArrayList<>();
		List<String> visitors = new ArrayList<>();
		Response refused = null;
		for (int i = 0; i < 5; i++) {
			String visitor = authenticate("10.1.0.1", this.channelId).text("token");
			Response sent = send("10.1.0.1", visitor, "hello " + i);
			sends.add(sent.status());
			if (sent.status() == 200) {
				visitors.add(visitor);
			}
			else if (refused == null) {
				refused = sent;
			}
		}

		assertThat(sends).containsExactly(200, 200, 200, 429, 429);
		assertThat(refused.contentType()).isEqualTo("application/problem+json");
		assertThat(Long.parseLong(refused.raw().getHeader("Retry-After"))).isBetween(1L, 60L);
		assertThat(conversations()).isEqualTo(3);
		assertThat(send("10.1.0.1", visitors.get(0), "still here").status()).as("a started conversation goes on")
			.isEqualTo(200);
		String other = authenticate("10.1.0.2", this.channelId).text("token");
		assertThat(send("10.1.0.2", other, "hello").status()).isEqualTo(200);
		assertThat(conversations()).isEqualTo(4);
	}

	@Test
	void oneAddressAuthenticatingInALoopIsRefusedAfterTheLimitWhileAnotherAddressIsNot() {
		List<Integer> statuses = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			statuses.add(authenticate("10.2.0.1", this.channelId).status());
		}
		Response refused = authenticate("10.2.0.1", this.channelId);

		assertThat(statuses).containsExactly(200, 200, 200, 200, 200, 200, 429, 429);
		assertThat(refused.status()).isEqualTo(429);
		assertThat(Long.parseLong(refused.raw().getHeader("Retry-After"))).isBetween(1L, 60L);
		assertThat(authenticate("10.2.0.2", this.channelId).status()).isEqualTo(200);
	}

	@Test
	void aChannelStartsNoMoreConversationsPerWindowThanItsLimitFromAnyAddresses() {
		List<Integer> sends = new ArrayList<>();
		for (int i = 1; i <= 5; i++) {
			String address = "10.3.0." + i;
			sends.add(send(address, authenticate(address, this.channelId).text("token"), "hello").status());
		}
		String elsewhere = connect("Shop");
		Response onAnotherChannel = send("10.3.0.6", authenticate("10.3.0.6", elsewhere).text("token"), "hello");

		assertThat(sends).containsExactly(200, 200, 200, 200, 429);
		assertThat(onAnotherChannel.status()).isEqualTo(200);
		assertThat(conversations()).isEqualTo(5);
	}

	@Test
	void authenticationsAloneStoreNothing() {
		Map<String, Long> before = rowCounts();
		for (int i = 0; i < 6; i++) {
			assertThat(authenticate("10.4.0.1", this.channelId).status()).isEqualTo(200);
		}
		Response resumed = post("10.4.0.2", "/chatplugin.authenticate", null,
				body("resume_token", authenticate("10.4.0.2", this.channelId).text("resume_token")));

		assertThat(resumed.status()).isEqualTo(200);
		assertThat(rowCounts()).isEqualTo(before);
		assertThat(conversations()).isZero();
	}

	@Test
	void theAddressesOfOneIpv6NetworkCountAsOneClient() {
		List<Integer> sends = new ArrayList<>();
		for (int i = 1; i <= 4; i++) {
			String address = "2001:db8:5:1::" + i;
			sends.add(send(address, authenticate(address, this.channelId).text("token"), "hello").status());
		}
		String otherNetwork = "2001:db8:5:2::1";

		assertThat(sends).containsExactly(200, 200, 200, 429);
		assertThat(send(otherNetwork, authenticate(otherNetwork, this.channelId).text("token"), "hello").status())
			.isEqualTo(200);
	}

	private String connect(String name) {
		return this.api.post("/channels.chatplugin.connect", this.admin, body("name", name)).text("id");
	}

	private Response authenticate(String address, String channelId) {
		return post(address, "/chatplugin.authenticate", null, body("channel_id", channelId));
	}

	private Response send(String address, String visitor, String text) {
		return post(address, "/chatplugin.send", visitor, body("message", body("text", text)));
	}

	private Response post(String address, String path, String token, Object body) {
		MockMvcRequestBuilder request = this.mvc.post().uri(path).with((servlet) -> {
			servlet.setRemoteAddr(address);
			return servlet;
		}).contentType(MediaType.APPLICATION_JSON).content(this.json.writeValueAsString(body));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return new Response(request.exchange().getResponse(), this.json);
	}

	private long conversations() {
		return this.jdbc.sql("select count(*) from conversations").query(Long.class).single();
	}

	private Map<String, Long> rowCounts() {
		Map<String, Long> counts = new LinkedHashMap<>();
		for (String table : this.jdbc
			.sql("select tablename from pg_tables where schemaname = 'public' order by tablename")
			.query(String.class)
			.list()) {
			counts.put(table, this.jdbc.sql("select count(*) from " + table).query(Long.class).single());
		}
		return counts;
	}

}

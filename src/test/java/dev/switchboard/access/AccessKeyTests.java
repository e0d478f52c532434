package dev.switchboard.access;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.switchboard.Api.Response;
import dev.switchboard.IntegrationTests;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester.MockMvcRequestBuilder;

import static dev.switchboard.Api.body;
import static org.assertj.core.api.Assertions.assertThat;

class AccessKeyTests extends IntegrationTests {

	private String admin;

	private String workspace;

	@BeforeEach
	void signUp() {
		this.admin = this.api.admin();
		this.workspace = "/workspaces/" + this.jdbc.sql("select id from workspaces").query(UUID.class).single();
	}

	@Test
	void theKeyIsShownOnceAndStoredOnlyAsItsHash() {
		Response created = this.api.post("/access-keys.create", this.admin,
				body("name", "CRM", "policies", List.of(allow(List.of("view"), this.workspace + "/channels"))));

		assertThat(created.status()).as(created.text()).isEqualTo(201);
		String key = created.text("key");
		assertThat(key).startsWith("sbk_").hasSize(4 + 43);
		assertThat(created.body().propertyNames()).containsExactlyInAnyOrder("id", "name", "key", "policies",
				"created_at", "expires_at");
		assertThat(created.body().path("policies").get(0).path("effect").asString()).isEqualTo("allow");
		Response list = this.api.post("/access-keys.list", this.admin);
		assertThat(list.status()).isEqualTo(200);
		assertThat(list.body().path("data")).hasSize(1);
		assertThat(list.body().path("data").get(0).has("key")).isFalse();
		assertThat(list.text()).doesNotContain(key);
		assertThat(this.jdbc.sql("select count(*) from access_keys where key_hash = sha256(convert_to(:key, 'UTF8'))")
			.param("key", key)
			.query(Long.class)
			.single()).isOne();
		assertThat(this.jdbc.sql("select count(*) from access_keys where policies::text like :key or name like :key")
			.param("key", "%" + key.substring(4) + "%")
			.query(Long.class)
			.single()).isZero();
	}

	@Test
	void aKeyForOneChannelSendsOnItAndIsRefusedOnAnother() {
		String mine = channel("a1");
		String other = channel("a2");
		String myConversation = conversation(mine);
		String otherConversation = conversation(other);
		String key = key(allow(List.of("create"), this.workspace + "/channels/" + mine + "/messages"));

		Response sent = withKey("/messages.send", key,
				body("conversation_id", myConversation, "message", body("text", "hello")));
		Response refused = withKey("/messages.send", key,
				body("conversation_id", otherConversation, "message", body("text", "hello")));
		Response started = withKey("/messages.send", key,
				body("channel_id", mine, "source_recipient_id", "+4915100000001", "message", body("text", "hi")));
		Response startedElsewhere = withKey("/messages.send", key,
				body("channel_id", other, "source_recipient_id", "+4915100000001", "message", body("text", "hi")));

		assertThat(sent.status()).as(sent.text()).isEqualTo(200);
		assertThat(sent.text("sender.name")).isEqualTo("bot");
		assertThat(refused.status()).as(refused.text()).isEqualTo(403);
		assertThat(started.status()).as(started.text()).isEqualTo(200);
		assertThat(startedElsewhere.status()).isEqualTo(403);
		assertThat(withKey("/channels.list", key, null).status()).isEqualTo(403);
		assertThat(withKey("/messages.list", key, body("conversation_id", myConversation)).status()).isEqualTo(403);
	}

	@Test
	void aSubtreePatternAllowsThePathAndEverythingBelow() {
		String conversation = conversation(channel("a1"));
		String key = key(allow(List.of("view"), this.workspace + "/conversations/**"));

		assertThat(withKey("/conversations.list", key, null).status()).isEqualTo(200);
		assertThat(withKey("/conversations.info", key, body("conversation_id", conversation)).status()).isEqualTo(200);
		assertThat(withKey("/messages.list", key, body("conversation_id", conversation)).status()).isEqualTo(200);
		assertThat(withKey("/conversations.read", key, body("conversation_id", conversation)).status()).isEqualTo(403);
		assertThat(withKey("/channels.list", key, null).status()).isEqualTo(403);
	}

	@Test
	void denyBeatsAllow() {
		String channel = channel("a1");
		String key = key(allow(List.of("view", "create", "update", "delete"), "/**"),
				Map.of("effect", "deny", "actions", List.of("view"), "resources", List.of("/workspaces/*/channels/*")));

		assertThat(withKey("/channels.list", key, null).status()).isEqualTo(200);
		assertThat(withKey("/channels.info", key, body("channel_id", channel)).status()).isEqualTo(403);
		assertThat(withKey("/tags.list", key, null).status()).isEqualTo(200);
	}

	@Test
	void aPatternNamingAnotherWorkspaceNeverMatches() {
		String other = this.api.post("/workspaces.create", this.admin, body("name", "Other")).text("id");
		String key = key(allow(List.of("view"), "/workspaces/" + other + "/**"));

		assertThat(withKey("/channels.list", key, null).status()).isEqualTo(403);
		assertThat(withKey("/tags.list", key, null).status()).isEqualTo(403);
	}

	@Test
	void anExpiredKeyIs401() {
		String key = key(allow(List.of("view"), "/**"));
		this.jdbc.sql("update access_keys set expires_at = now() - interval '1 second'").update();

		Response refused = withKey("/channels.list", key, null);

		assertThat(refused.status()).isEqualTo(401);
		assertThat(refused.contentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		assertThat(refused.text("detail")).isEqualTo("The access key is invalid, expired or revoked.");
	}

	@Test
	void aRevokedKeyIsRefusedAtTheNextRequest() {
		Response created = this.api.post("/access-keys.create", this.admin,
				body("name", "bot", "policies", List.of(allow(List.of("view"), "/**"))));
		String key = created.text("key");
		assertThat(withKey("/channels.list", key, null).status()).isEqualTo(200);

		Response revoked = this.api.post("/access-keys.revoke", this.admin, body("id", created.text("id")));

		assertThat(revoked.status()).as(revoked.text()).isEqualTo(200);
		assertThat(revoked.text("revoked_at")).isNotEmpty();
		assertThat(withKey("/channels.list", key, null).status()).isEqualTo(401);
	}

	@Test
	void anotherWorkspacesKeyIdIs404() {
		String id = this.api
			.post("/access-keys.create", this.admin,
					body("name", "bot", "policies", List.of(allow(List.of("view"), "/**"))))
			.text("id");
		String other = this.api.post("/workspaces.create", this.admin, body("name", "Other")).text("id");
		String otherAdmin = this.api.post("/workspaces.switch", this.admin, body("workspace_id", other)).text("token");

		assertThat(this.api.post("/access-keys.revoke", otherAdmin, body("id", id)).status()).isEqualTo(404);
		assertThat(this.api.post("/access-keys.list", otherAdmin).body().path("data")).isEmpty();
		assertThat(this.api.post("/access-keys.revoke", this.admin, body("id", UUID.randomUUID())).status())
			.isEqualTo(404);
	}

	@ParameterizedTest
	@ValueSource(strings = { "sbk_", "sbk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "garbage",
			"sbk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/" })
	void aGarbageKeyIs401(String key) {
		Response refused = withKey("/channels.list", key, null);

		assertThat(refused.status()).isEqualTo(401);
		assertThat(refused.contentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/users.me", "/users.list", "/users.invite", "/users.update-role", "/users.deactivate",
			"/users.remove", "/users.set-divisions", "/access-keys.create", "/access-keys.list", "/access-keys.revoke",
			"/workspaces.switch", "/workspaces.create", "/workspaces.list" })
	void keysNeverManageUsersMembersOrKeysWhateverTheirPolicies(String path) {
		String key = key(allow(List.of("view", "create", "update", "delete"), "/**"));
		Map<String, Object> request = body("user_id", UUID.randomUUID(), "id", UUID.randomUUID(), "workspace_id",
				UUID.randomUUID(), "email", "x@example.com", "role", "agent", "division_ids", List.of(), "name", "x",
				"policies", List.of(allow(List.of("view"), "/**")));

		Response refused = withKey(path, key, request);

		assertThat(refused.status()).as(refused.text()).isEqualTo(403);
		assertThat(refused.contentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"effect\":\"maybe\",\"actions\":[\"view\"],\"resources\":[\"/**\"]}|policies[0].effect",
			"{\"effect\":\"allow\",\"actions\":[],\"resources\":[\"/**\"]}|policies[0].actions",
			"{\"effect\":\"allow\",\"actions\":[\"read\"],\"resources\":[\"/**\"]}|policies[0].actions",
			"{\"effect\":\"allow\",\"actions\":[\"view\"],\"resources\":[]}|policies[0].resources",
			"{\"effect\":\"allow\",\"actions\":[\"view\"]}|policies[0].resources",
			"{\"effect\":\"allow\",\"actions\":[\"view\"],\"resources\":[\"workspaces\"]}|policies[0].resources[0]",
			"{\"effect\":\"allow\",\"actions\":[\"view\"],\"resources\":[\"/a/**/b\"]}|policies[0].resources[0]",
			"{\"effect\":\"allow\",\"actions\":[\"view\"],\"resources\":[\"/a*\"]}|policies[0].resources[0]",
			"{\"effect\":\"allow\",\"actions\":[\"view\"],\"resources\":[\"/a//b\"]}|policies[0].resources[0]",
			"{\"effect\":\"allow\",\"actions\":[\"view\"],\"resources\":[\"/\"]}|policies[0].resources[0]",
			"{\"effect\":\"allow\",\"actions\":[\"view\"],\"resources\":[\"/ok\",\"/a/***\"]}|policies[0].resources[1]" })
	void aMalformedPolicyIs400NamingTheField(String policyAndField) {
		String[] parts = policyAndField.split("\\|");
		Response refused = this.api.post("/access-keys.create", this.admin,
				"{\"name\":\"bot\",\"policies\":[" + parts[0] + "]}");

		assertThat(refused.status()).as(refused.text()).isEqualTo(400);
		assertThat(refused.body().path("errors").get(0).path("field").asString()).isEqualTo(parts[1]);
		assertThat(this.jdbc.sql("select count(*) from access_keys").query(Long.class).single()).isZero();
	}

	@Test
	void tooManyStatementsOrResourcesAnEmptyNameAndAPastExpiryAre400() {
		List<Object> many = new ArrayList<>();
		for (int i = 0; i < 51; i++) {
			many.add(allow(List.of("view"), "/**"));
		}
		List<String> resources = new ArrayList<>();
		for (int i = 0; i < 51; i++) {
			resources.add("/r" + i);
		}

		assertThat(field(body("name", "bot", "policies", many))).isEqualTo("policies");
		assertThat(field(body("name", "bot", "policies",
				List.of(Map.of("effect", "allow", "actions", List.of("view"), "resources", resources)))))
			.isEqualTo("policies[0].resources");
		assertThat(field(body("name", "", "policies", List.of(allow(List.of("view"), "/**"))))).isEqualTo("name");
		assertThat(field(body("name", "x".repeat(201), "policies", List.of(allow(List.of("view"), "/**")))))
			.isEqualTo("name");
		assertThat(field(body("name", "bot", "policies", List.of(allow(List.of("view"), "/**")), "expires_at",
				Instant.now().minusSeconds(1).toString())))
			.isEqualTo("expires_at");
		assertThat(field(body("name", "bot"))).isEqualTo("policies");
	}

	@Test
	void agentsAndSupervisorsCannotManageKeys() {
		String supervisor = this.api.user(this.admin, "supervisor");
		String agent = this.api.user(this.admin, "agent");

		assertThat(this.api.post("/access-keys.list", supervisor).status()).isEqualTo(403);
		assertThat(this.api.post("/access-keys.list", agent).status()).isEqualTo(403);
		assertThat(this.api
			.post("/access-keys.create", supervisor,
					body("name", "bot", "policies", List.of(allow(List.of("view"), "/**"))))
			.status()).isEqualTo(403);
	}

	private String field(Map<String, Object> request) {
		Response refused = this.api.post("/access-keys.create", this.admin, request);
		assertThat(refused.status()).as(refused.text()).isEqualTo(400);
		return refused.body().path("errors").get(0).path("field").asString();
	}

	private static Map<String, Object> allow(List<String> actions, String... resources) {
		return Map.of("effect", "allow", "actions", actions, "resources", List.of(resources));
	}

	private String key(Object... policies) {
		Response created = this.api.post("/access-keys.create", this.admin,
				body("name", "bot", "policies", List.of(policies)));
		assertThat(created.status()).as(created.text()).isEqualTo(201);
		return created.text("key");
	}

	private String channel(String account) {
		Response channel = this.api.post("/channels.connect", this.admin,
				body("source", "fake", "account_id", account, "token", "platform-token"));
		assertThat(channel.status()).as(channel.text()).isEqualTo(200);
		return channel.text("id");
	}

	private String conversation(String channel) {
		Response sent = this.api.post("/messages.send", this.admin, body("channel_id", channel, "source_recipient_id",
				"contact-of-" + channel, "message", body("text", "first")));
		assertThat(sent.status()).as(sent.text()).isEqualTo(200);
		return sent.text("conversation_id");
	}

	private Response withKey(String path, String key, Object body) {
		MockMvcRequestBuilder request = this.mvc.post().uri(path).header("Authorization", "AccessKey " + key);
		if (body != null) {
			request.contentType(MediaType.APPLICATION_JSON).content(this.json.writeValueAsString(body));
		}
		return new Response(request.exchange().getResponse(), this.json);
	}

}

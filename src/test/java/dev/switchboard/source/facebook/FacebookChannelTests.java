package dev.switchboard.source.facebook;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.switchboard.Api;
import dev.switchboard.source.meta.FakeGraph;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class FacebookChannelTests extends MessengerTests {

	@Test
	void connectingAPageMakesTheTokenLongLivedReadsThePageAndSubscribesTheApp(CapturedOutput output) {
		scriptPage();

		Api.Response connected = this.api.post("/channels.facebook.connect", this.admin,
				Map.of("page_id", PAGE_ID, "page_token", USER_TOKEN));

		assertThat(connected.status()).as(connected.text()).isEqualTo(200);
		assertThat(connected.text("source")).isEqualTo("facebook");
		assertThat(connected.text("source_channel_id")).isEqualTo(PAGE_ID);
		assertThat(connected.text("metadata.name")).isEqualTo("Acme Shoes");
		assertThat(connected.text("metadata.image_url")).isEqualTo("https://cdn.example.com/acme.png");
		assertThat(connected.text("webhook_url")).endsWith("/facebook");
		FakeGraph.Request exchange = graph.requests("GET", "/oauth/access_token").get(0);
		assertThat(exchange.query()).containsEntry("grant_type", "fb_exchange_token")
			.containsEntry("client_id", APP_ID)
			.containsEntry("client_secret", APP_SECRET)
			.containsEntry("fb_exchange_token", USER_TOKEN);
		assertThat(graph.requests("GET", "/" + PAGE_ID).get(0).authorization()).isEqualTo("Bearer " + PAGE_TOKEN);
		FakeGraph.Request subscribe = graph.requests("POST", "/" + PAGE_ID + "/subscribed_apps").get(0);
		assertThat(subscribe.authorization()).isEqualTo("Bearer " + PAGE_TOKEN);
		assertThat(subscribe.query().get("subscribed_fields").split(",")).containsExactlyInAnyOrder("messages",
				"messaging_postbacks", "message_deliveries", "message_reads", "message_echoes", "message_reactions");
		assertNoToken(connected.text(), output);
		Api.Response info = this.api.post("/channels.info", this.admin, Map.of("channel_id", connected.text("id")));
		assertNoToken(info.text(), output);
		assertThat(this.jdbc.sql("select count(*) from channels where encode(credentials, 'escape') like :token")
			.param("token", "%" + PAGE_TOKEN + "%")
			.query(Long.class)
			.single()).as("credentials are sealed at rest").isZero();
	}

	@Test
	void givenNameAndImageWinOverThePagesAndConnectingAgainKeepsTheChannel() {
		String first = connectPage();

		Api.Response again = this.api.post("/channels.facebook.connect", this.admin, Map.of("page_id", PAGE_ID,
				"page_token", USER_TOKEN, "name", "Support", "image_url", "https://example.com/support.png"));

		assertThat(again.text("id")).isEqualTo(first);
		assertThat(again.text("metadata.name")).isEqualTo("Support");
		assertThat(again.text("metadata.image_url")).isEqualTo("https://example.com/support.png");
	}

	@Test
	void aTokenFacebookRejectsIsABadRequestThatSaysSo(CapturedOutput output) {
		graph.on("GET", "/oauth/access_token", 400,
				"{\"error\":{\"message\":\"Invalid OAuth access token - " + "Cannot parse access token " + USER_TOKEN
						+ "\",\"type\":\"OAuthException\",\"code\":190," + "\"fbtrace_id\":\"AbC\"}}");

		Api.Response refused = this.api.post("/channels.facebook.connect", this.admin,
				Map.of("page_id", PAGE_ID, "page_token", USER_TOKEN));

		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.text("detail")).contains("rejected the token").contains("190");
		assertNoToken(refused.text(), output);
		assertThat(this.api.post("/channels.list", this.admin).body().path("data")).isEmpty();
	}

	@Test
	void anUnreachableOrFailingGraphApiIsABadGateway(CapturedOutput output) {
		scriptPage();
		graph.on("GET", "/" + PAGE_ID, 0, "");

		Api.Response unreachable = this.api.post("/channels.facebook.connect", this.admin,
				Map.of("page_id", PAGE_ID, "page_token", USER_TOKEN));
		graph.on("GET", "/" + PAGE_ID, 503, "{\"error\":{\"message\":\"Service temporarily unavailable\","
				+ "\"type\":\"FacebookApiException\",\"code\":2,\"is_transient\":true}}");
		Api.Response failing = this.api.post("/channels.facebook.connect", this.admin,
				Map.of("page_id", PAGE_ID, "page_token", USER_TOKEN));

		assertThat(unreachable.status()).isEqualTo(502);
		assertThat(failing.status()).isEqualTo(502);
		assertNoToken(unreachable.text() + failing.text(), output);
	}

	@Test
	void aMalformedPageIdIsRefusedBeforeCallingFacebook() {
		Api.Response refused = this.api.post("/channels.facebook.connect", this.admin,
				Map.of("page_id", "../me", "page_token", USER_TOKEN));

		assertThat(refused.status()).isEqualTo(400);
		assertThat(graph.requests()).noneMatch((request) -> request.path().equals("/" + PAGE_ID)
				|| request.path().equals("/oauth/access_token") || request.path().equals("/me/accounts"));
	}

	@Test
	void onlyAdminsConnect() {
		String agent = this.api.user(this.admin, "agent");

		assertThat(
				this.api.post("/channels.facebook.connect", agent, Map.of("page_id", PAGE_ID, "page_token", USER_TOKEN))
					.status())
			.isEqualTo(403);
		assertThat(this.api.post("/channels.facebook.explore", agent, Map.of("auth_token", USER_TOKEN)).status())
			.isEqualTo(403);
		assertThat(graph.requests()).noneMatch((request) -> request.path().equals("/" + PAGE_ID)
				|| request.path().equals("/oauth/access_token") || request.path().equals("/me/accounts"));
	}

	@Test
	void anInstagramAccountIsConnectedThroughItsPage() {
		scriptPage();

		Api.Response connected = this.api.post("/channels.instagram.connect", this.admin,
				Map.of("page_id", PAGE_ID, "account_id", ACCOUNT_ID, "page_token", USER_TOKEN));

		assertThat(connected.status()).as(connected.text()).isEqualTo(200);
		assertThat(connected.text("source")).isEqualTo("instagram");
		assertThat(connected.text("source_channel_id")).isEqualTo(ACCOUNT_ID);
		assertThat(connected.text("metadata.name")).isEqualTo("Acme Shoes Instagram account");
		assertThat(connected.text("webhook_url")).endsWith("/instagram");
		assertThat(graph.requests("POST", "/" + PAGE_ID + "/subscribed_apps")).hasSize(1);
	}

	@Test
	void disconnectingDropsTheChannelAndASecondDisconnectIsAccepted() {
		String channel = connectPage();

		Api.Response first = this.api.post("/channels.facebook.disconnect", this.admin, Map.of("channel_id", channel));
		Api.Response second = this.api.post("/channels.facebook.disconnect", this.admin, Map.of("channel_id", channel));
		Api.Response wrongSource = this.api.post("/channels.instagram.disconnect", this.admin,
				Map.of("channel_id", channel));

		assertThat(first.status()).isEqualTo(200);
		assertThat(first.text()).isEqualTo("{}");
		assertThat(second.status()).isEqualTo(202);
		assertThat(wrongSource.status()).isEqualTo(400);
		assertThat(this.api.post("/channels.list", this.admin).body().path("data")).isEmpty();
	}

	@Test
	void exploreListsEveryPageAcrossGraphsPagingAndSaysWhichAreConnected(CapturedOutput output) {
		connectPage();
		graph.on("GET", "/me/accounts",
				(request) -> (request.query().get("after") == null)
						? new FakeGraph.Reply(200,
								"{\"data\":[{\"id\":\"" + PAGE_ID + "\",\"name\":\"Acme Shoes\","
										+ "\"picture\":{\"data\":{\"url\":\"https://cdn.example.com/acme.png\"}}}],"
										+ "\"paging\":{\"cursors\":{\"before\":\"QVFIUk1\",\"after\":\"QVFIUk2\"},"
										+ "\"next\":\"https://graph.facebook.com/v23.0/me/accounts?after=QVFIUk2\"}}")
						: new FakeGraph.Reply(200, "{\"data\":[{\"id\":\"200000000000001\",\"name\":\"Acme Outlet\"}],"
								+ "\"paging\":{\"cursors\":{\"before\":\"QVFIUk2\",\"after\":\"QVFIUk3\"}}}"));

		Api.Response explored = this.api.post("/channels.facebook.explore", this.admin,
				Map.of("auth_token", USER_TOKEN));

		assertThat(explored.status()).as(explored.text()).isEqualTo(200);
		assertThat(explored.body().path("data")).hasSize(2);
		assertThat(explored.body().path("data").get(0).path("page_id").asString()).isEqualTo(PAGE_ID);
		assertThat(explored.body().path("data").get(0).path("connected").asBoolean()).isTrue();
		assertThat(explored.body().path("data").get(0).path("image_url").asString())
			.isEqualTo("https://cdn.example.com/acme.png");
		assertThat(explored.body().path("data").get(1).path("name").asString()).isEqualTo("Acme Outlet");
		assertThat(explored.body().path("data").get(1).path("connected").asBoolean()).isFalse();
		assertThat(graph.requests("GET", "/me/accounts")).hasSize(2)
			.allSatisfy((request) -> assertThat(request.authorization()).isEqualTo("Bearer " + USER_TOKEN));
		assertThat(graph.requests("GET", "/me/accounts").get(1).query()).containsEntry("after", "QVFIUk2");
		assertNoToken(explored.text(), output);
	}

	@Test
	void exploreWithARejectedTokenIsABadRequest() {
		graph.on("GET", "/me/accounts", 400,
				"{\"error\":{\"message\":\"Error validating access token\",\"type\":\"OAuthException\",\"code\":190}}");

		Api.Response refused = this.api.post("/channels.facebook.explore", this.admin,
				Map.of("auth_token", USER_TOKEN));

		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.text("detail")).contains("rejected the token");
	}

	static void assertNoToken(String text, CapturedOutput output) {
		for (String token : new String[] { USER_TOKEN, PAGE_TOKEN, APP_SECRET }) {
			assertThat(text).doesNotContain(token);
			assertThat(output.getAll()).doesNotContain(token);
		}
	}

}

package dev.switchboard.channel;

import java.nio.charset.StandardCharsets;

import dev.switchboard.Api.Response;
import dev.switchboard.FakeSource;
import dev.switchboard.IntegrationTests;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static dev.switchboard.Api.body;
import static org.assertj.core.api.Assertions.assertThat;

class ChannelTests extends IntegrationTests {

	@Autowired
	private ChannelService channels;

	@Test
	void connectingTheSameAccountAgainKeepsTheChannelId() {
		String admin = this.api.admin();

		Response first = this.api.post("/channels.chatplugin.connect", admin, body("name", "Website"));
		Response again = this.api.post("/channels.chatplugin.connect", admin,
				body("name", "Website", "image_url", "https://example.com/logo.png"));

		assertThat(first.status()).isEqualTo(200);
		assertThat(first.body().propertyNames()).contains("id", "source", "source_channel_id", "metadata", "connected");
		assertThat(first.text("source")).isEqualTo("chatplugin");
		assertThat(first.text("source_channel_id")).isEqualTo("Website");
		assertThat(first.text("metadata.name")).isEqualTo("Website");
		assertThat(again.text("id")).isEqualTo(first.text("id"));
		assertThat(again.text("metadata.image_url")).isEqualTo("https://example.com/logo.png");
	}

	@Test
	void channelsListShowsConnectedChannelsFilteredBySource() {
		String admin = this.api.admin();
		String web = this.api.post("/channels.chatplugin.connect", admin, body("name", "Web")).text("id");
		String gone = this.api.post("/channels.chatplugin.connect", admin, body("name", "Gone")).text("id");
		this.api.post("/channels.connect", admin, body("source", "fake", "account_id", "a1", "token", "secret-token"));
		this.api.post("/channels.chatplugin.disconnect", admin, body("channel_id", gone));

		Response all = this.api.post("/channels.list", admin);
		Response chatplugin = this.api.post("/channels.list", admin, body("source", "chatplugin"));

		assertThat(all.body().path("data")).hasSize(2);
		assertThat(chatplugin.body().path("data")).hasSize(1);
		assertThat(chatplugin.body().path("data").get(0).path("id").asString()).isEqualTo(web);
		Response info = this.api.post("/channels.info", admin, body("channel_id", gone));
		assertThat(info.status()).isEqualTo(200);
		assertThat(info.body().path("connected").asBoolean()).isFalse();
	}

	@Test
	void infoOfAnUnknownChannelIs404() {
		String admin = this.api.admin();

		assertThat(this.api.post("/channels.info", admin, body("channel_id", "1b4e28ba-2fa1-11d2-883f-0016d3cca427"))
			.status()).isEqualTo(404);
		assertThat(this.api.post("/channels.info", admin, body("channel_id", "nope")).status()).isEqualTo(400);
	}

	@Test
	void updateRenamesAndChangesTheImage() {
		String admin = this.api.admin();
		String id = this.api.post("/channels.chatplugin.connect", admin, body("name", "Web")).text("id");

		Response updated = this.api.post("/channels.update", admin,
				body("channel_id", id, "name", "Shop", "image_url", "https://example.com/shop.png"));

		assertThat(updated.status()).isEqualTo(200);
		assertThat(updated.text("metadata.name")).isEqualTo("Shop");
		assertThat(updated.text("metadata.image_url")).isEqualTo("https://example.com/shop.png");
		assertThat(this.api.post("/channels.update", admin, body("channel_id", id, "image_url", "ftp://x")).status())
			.isEqualTo(400);
		assertThat(this.api
			.post("/channels.update", admin, body("channel_id", "1b4e28ba-2fa1-11d2-883f-0016d3cca427", "name", "x"))
			.status()).isEqualTo(404);
	}

	@Test
	void disconnectAnswers200Then202AndRefusesUnknownOrOtherSourcesChannels() {
		String admin = this.api.admin();
		String web = this.api.post("/channels.chatplugin.connect", admin, body("name", "Web")).text("id");
		String fake = this.api
			.post("/channels.connect", admin, body("source", "fake", "account_id", "a1", "token", "secret-token"))
			.text("id");

		Response first = this.api.post("/channels.chatplugin.disconnect", admin, body("channel_id", web));
		Response second = this.api.post("/channels.chatplugin.disconnect", admin, body("channel_id", web));

		assertThat(first.status()).isEqualTo(200);
		assertThat(first.text()).isEqualTo("{}");
		assertThat(second.status()).isEqualTo(202);
		assertThat(this.api.post("/channels.chatplugin.disconnect", admin, body("channel_id", fake)).status())
			.isEqualTo(400);
		assertThat(this.api
			.post("/channels.chatplugin.disconnect", admin, body("channel_id", "1b4e28ba-2fa1-11d2-883f-0016d3cca427"))
			.status()).isEqualTo(400);
		assertThat(this.api.post("/channels.disconnect", admin, body("channel_id", fake)).status()).isEqualTo(200);
	}

	@Test
	void platformTokensAreEncryptedAtRestNeverReturnedAndDeletedOnDisconnect() {
		String admin = this.api.admin();

		Response connected = this.api.post("/channels.connect", admin,
				body("source", "fake", "account_id", "a1", "token", "secret-token"));

		assertThat(connected.status()).isEqualTo(200);
		assertThat(connected.text()).doesNotContain("secret-token");
		assertThat(connected.text("webhook_url")).isEqualTo("http://localhost:8080/fake");
		String id = connected.text("id");
		byte[] stored = this.jdbc.sql("select credentials from channels where id = cast(:id as uuid)")
			.param("id", id)
			.query(byte[].class)
			.single();
		assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("secret-token");
		assertThat(this.channels.credentials(java.util.UUID.fromString(id))).containsEntry("token", "secret-token");
		assertThat(this.api.post("/channels.list", admin).text()).doesNotContain("secret-token");
		assertThat(this.api.post("/channels.info", admin, body("channel_id", id)).text()).doesNotContain("secret");

		this.api.post("/channels.disconnect", admin, body("channel_id", id));
		assertThat(this.jdbc.sql("select credentials from channels where id = cast(:id as uuid)")
			.param("id", id)
			.query(byte[].class)
			.optional()).isEmpty();
	}

	@Test
	void theGenericConnectDispatchesToTheSourceAndValidatesItsFields() {
		String admin = this.api.admin();

		assertThat(
				this.api.post("/channels.connect", admin, body("source", "chatplugin", "name", "Web")).text("source"))
			.isEqualTo("chatplugin");
		Response missingToken = this.api.post("/channels.connect", admin, body("source", "fake", "account_id", "a1"));
		assertThat(missingToken.status()).isEqualTo(400);
		assertThat(missingToken.body().path("errors").get(0).path("field").asString()).isEqualTo("token");
		Response badImage = this.api.post("/channels.connect", admin,
				body("source", "chatplugin", "name", "Web", "image_url", "ftp://x"));
		assertThat(badImage.body().path("errors").get(0).path("field").asString()).isEqualTo("image_url");
		assertThat(this.api.post("/channels.connect", admin, body("source", "nope")).status()).isEqualTo(400);
		assertThat(this.api.post("/channels.connect", admin, body("name", "x")).status()).isEqualTo(400);
		Response rejected = this.api.post("/channels.connect", admin,
				body("source", FakeSource.SOURCE, "account_id", "a1", "token", "bad"));
		assertThat(rejected.status()).isEqualTo(400);
		assertThat(rejected.text("detail")).contains("rejected");
	}

	@Test
	void exploreIsRefusedForSourcesWithoutIt() {
		String admin = this.api.admin();

		Response response = this.api.post("/channels.explore", admin, body("source", "chatplugin", "token", "t"));

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.text("detail")).contains("nothing to explore");
	}

}

package dev.switchboard.source.chatplugin;

import dev.switchboard.IntegrationTests;
import org.junit.jupiter.api.Test;

import static dev.switchboard.Api.body;
import static org.assertj.core.api.Assertions.assertThat;

class ChatPluginSecurityTests extends IntegrationTests {

	@Test
	void visitorTokensAreRefusedOnAgentEndpoints() {
		String admin = this.api.admin();
		String channelId = this.api.post("/channels.chatplugin.connect", admin, body("name", "Website")).text("id");
		String visitor = this.api.post("/chatplugin.authenticate", null, body("channel_id", channelId)).text("token");

		assertThat(this.api.post("/conversations.list", visitor).status()).isEqualTo(401);
		assertThat(this.api.post("/tags.list", visitor).status()).isEqualTo(401);
		assertThat(this.api.post("/users.me", visitor).status()).isEqualTo(401);
	}

	@Test
	void userTokensAreRefusedOnTheVisitorApi() {
		String admin = this.api.admin();

		assertThat(this.api.post("/chatplugin.send", admin, body("message", body("text", "hi"))).status())
			.isEqualTo(401);
		assertThat(this.api.post("/chatplugin.messages", admin).status()).isEqualTo(401);
		assertThat(this.api.post("/chatplugin.resume-token", admin).status()).isEqualTo(401);
		assertThat(this.api.post("/chatplugin.messages", null).status()).isEqualTo(401);
	}

	@Test
	void resumeTokensAreNotVisitorTokens() {
		String admin = this.api.admin();
		String channelId = this.api.post("/channels.chatplugin.connect", admin, body("name", "Website")).text("id");
		String visitor = this.api.post("/chatplugin.authenticate", null, body("channel_id", channelId)).text("token");
		String resume = this.api.post("/chatplugin.resume-token", visitor).text("resume_token");

		assertThat(this.api.post("/chatplugin.messages", resume).status()).isEqualTo(401);
		assertThat(this.api.post("/chatplugin.authenticate", null, body("resume_token", visitor)).status())
			.isEqualTo(401);
	}

	@Test
	void theVisitorApiAllowsBrowserOrigins() throws Exception {
		var response = this.mvc.options()
			.uri("/chatplugin.authenticate")
			.header("Origin", "https://shop.example.com")
			.header("Access-Control-Request-Method", "POST")
			.exchange()
			.getResponse();

		assertThat(response.getStatus()).isEqualTo(200);
		assertThat(response.getHeader("Access-Control-Allow-Origin")).isEqualTo("https://shop.example.com");
	}

	@Test
	void agentsCannotConnectOrDisconnectChannels() {
		String admin = this.api.admin();
		String agent = this.api.user(admin, "agent");
		String supervisor = this.api.user(admin, "supervisor");
		String channelId = this.api.post("/channels.chatplugin.connect", admin, body("name", "Website")).text("id");

		for (String token : new String[] { agent, supervisor }) {
			assertThat(this.api.post("/channels.chatplugin.connect", token, body("name", "Mine")).status())
				.isEqualTo(403);
			assertThat(this.api.post("/channels.chatplugin.disconnect", token, body("channel_id", channelId)).status())
				.isEqualTo(403);
			assertThat(this.api.post("/channels.connect", token, body("source", "chatplugin", "name", "x")).status())
				.isEqualTo(403);
			assertThat(this.api.post("/channels.update", token, body("channel_id", channelId, "name", "x")).status())
				.isEqualTo(403);
		}
		assertThat(this.api.post("/channels.list", agent).status()).isEqualTo(200);
		assertThat(this.api.post("/channels.info", agent, body("channel_id", channelId)).status()).isEqualTo(200);
	}

}

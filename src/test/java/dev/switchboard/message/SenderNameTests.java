package dev.switchboard.message;

import java.util.Map;
import java.util.UUID;

import dev.switchboard.Api;
import dev.switchboard.IntegrationTests;
import dev.switchboard.channel.ChannelView;
import dev.switchboard.user.UserService;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static dev.switchboard.Api.body;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The name a member's messages are sent under comes from a cache: a change of the name is
 * what the next send carries.
 */
class SenderNameTests extends IntegrationTests {

	@Autowired
	private UserService users;

	@Test
	void aNameGivenWhenTheInvitationIsAcceptedIsTheNextSendsSender() {
		String admin = this.api.admin();
		ChannelView channel = this.conversations.channel("acme");
		String conversationId = this.conversations.inbound(channel, "c1", "Ada", "hi", null)
			.conversationId()
			.toString();
		Api.Response invitation = this.api.post("/users.invite", admin,
				Map.of("email", "grace@example.com", "role", "agent"));
		String userId = invitation.text("id");
		// looked up (and kept) while the user has no name yet
		assertThat(this.users.displayName(UUID.fromString(userId))).isNull();

		String token = this.api
			.post("/users.accept-invitation", null, Map.of("token", invitation.text("invitation_token"), "first_name",
					"Grace", "last_name", "Hopper", "password", Api.PASSWORD))
			.text("token");

		Api.Response sent = this.api.post("/messages.send", token,
				body("conversation_id", conversationId, "message", body("text", "hello")));
		assertThat(sent.status()).isEqualTo(200);
		assertThat(sent.text("sender.name")).isEqualTo("Grace Hopper");
	}

}

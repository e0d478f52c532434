package dev.switchboard.user;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import dev.switchboard.Api;
import dev.switchboard.Api.Response;
import dev.switchboard.IntegrationTests;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static dev.switchboard.Api.body;
import static org.assertj.core.api.Assertions.assertThat;

class UserManagementTests extends IntegrationTests {

	@Test
	void anInvitedUserJoinsWithTheMailedTokenAndTheGivenRole() throws Exception {
		String admin = this.api.admin();

		Response invitation = this.api.post("/users.invite", admin, body("email", "Sam@Example.com", "role", "agent"));

		assertThat(invitation.status()).isEqualTo(201);
		assertThat(invitation.body().propertyNames()).containsExactlyInAnyOrder("id", "email", "role",
				"invitation_token");
		assertThat(invitation.text("email")).isEqualTo("sam@example.com");
		assertThat(invitation.text("role")).isEqualTo("agent");
		String mailed = PasswordResetTests.tokenFromMail("sam@example.com");
		assertThat(mailed).isEqualTo(invitation.text("invitation_token"));

		Response accepted = this.api.post("/users.accept-invitation", null,
				body("token", mailed, "first_name", "Sam", "last_name", "Agent", "password", "secret1"));
		assertThat(accepted.status()).isEqualTo(200);
		assertThat(accepted.text("id")).isEqualTo(invitation.text("id"));
		assertThat(accepted.text("first_name")).isEqualTo("Sam");
		Response me = this.api.post("/users.me", accepted.text("token"));
		assertThat(me.text("role")).isEqualTo("agent");
		assertThat(
				this.api.post("/users.login", null, body("email", "sam@example.com", "password", "secret1")).status())
			.isEqualTo(200);

		Response again = this.api.post("/users.accept-invitation", null,
				body("token", mailed, "first_name", "Sam", "last_name", "Again", "password", "secret1"));
		assertThat(again.status()).isEqualTo(400);
	}

	@Test
	void invitingAnExistingUserIsAConflict() {
		String admin = this.api.admin();

		assertThat(this.api.post("/users.invite", admin, body("email", "ADMIN@example.com", "role", "agent")).status())
			.isEqualTo(409);
	}

	@Test
	void invitationsNeedAValidRoleAndEmail() {
		String admin = this.api.admin();

		assertThat(this.api.post("/users.invite", admin, body("email", "x@example.com", "role", "boss")).status())
			.isEqualTo(400);
		assertThat(this.api.post("/users.invite", admin, body("email", "nope", "role", "agent")).status())
			.isEqualTo(400);
	}

	@Test
	void acceptingWithABadTokenIs400() {
		assertThat(this.api
			.post("/users.accept-invitation", null,
					body("token", "bad", "first_name", "A", "last_name", "B", "password", "secret1"))
			.status()).isEqualTo(400);
	}

	@Test
	void onlyAdminsInviteAndChangeRoles() {
		String admin = this.api.admin();
		String supervisor = this.api.user(admin, "supervisor");
		String agent = this.api.user(admin, "agent");
		String adminId = this.api.post("/users.me", admin).text("id");

		for (String token : List.of(supervisor, agent)) {
			assertThat(
					this.api.post("/users.invite", token, body("email", "new@example.com", "role", "agent")).status())
				.isEqualTo(403);
			assertThat(this.api.post("/users.update-role", token, body("user_id", adminId, "role", "agent")).status())
				.isEqualTo(403);
		}
		assertThat(this.api.post("/users.list", agent).status()).isEqualTo(403);
		assertThat(this.api.post("/users.list", supervisor).status()).isEqualTo(200);
	}

	@Test
	void theLastAdminCannotBeDemoted() {
		String admin = this.api.admin();
		String adminId = this.api.post("/users.me", admin).text("id");

		Response response = this.api.post("/users.update-role", admin, body("user_id", adminId, "role", "agent"));

		assertThat(response.status()).isEqualTo(409);
		assertThat(this.api.post("/users.me", admin).text("role")).isEqualTo("admin");
	}

	@Test
	void aRoleChangeTakesEffectOnExistingTokensAtOnce() {
		String admin = this.api.admin();
		String other = this.api.user(admin, "agent");
		String otherId = this.api.post("/users.me", other).text("id");

		Response promoted = this.api.post("/users.update-role", admin, body("user_id", otherId, "role", "admin"));
		assertThat(promoted.status()).isEqualTo(200);
		assertThat(promoted.text("role")).isEqualTo("admin");
		assertThat(this.api.post("/users.list", other).status()).isEqualTo(200);

		String adminId = this.api.post("/users.me", admin).text("id");
		assertThat(this.api.post("/users.update-role", other, body("user_id", adminId, "role", "agent")).status())
			.isEqualTo(200);
		assertThat(this.api.post("/users.invite", admin, body("email", "z@example.com", "role", "agent")).status())
			.isEqualTo(403);
	}

	@Test
	void updatingAnUnknownUserIs404AndAMalformedIdIs400() {
		String admin = this.api.admin();

		assertThat(this.api
			.post("/users.update-role", admin, body("user_id", "8d7c2d35-2c1e-4a8f-9a43-3d1c2f4d3b4a", "role", "agent"))
			.status()).isEqualTo(404);
		assertThat(this.api.post("/users.update-role", admin, body("user_id", "42", "role", "agent")).status())
			.isEqualTo(400);
	}

	@Test
	void usersListPagesForwardAndBackWithoutGapsOrRepeats() {
		String admin = this.api.admin();
		for (int i = 0; i < 6; i++) {
			this.api.user(admin, "agent");
		}

		List<String> forward = new ArrayList<>();
		String cursor = null;
		Response page;
		do {
			page = this.api.post("/users.list", admin, body("cursor", cursor, "page_size", 3));
			assertThat(page.status()).isEqualTo(200);
			assertThat(page.body().path("response_metadata").path("total").asInt()).isEqualTo(7);
			page.body().path("data").forEach((user) -> forward.add(user.path("email").asString()));
			cursor = page.text("response_metadata.next_cursor");
		}
		while (!cursor.isEmpty());
		assertThat(forward).hasSize(7).doesNotHaveDuplicates();
		assertThat(forward.get(0)).isEqualTo("admin@example.com");

		List<String> backward = new ArrayList<>();
		String previous = page.text("response_metadata.previous_cursor");
		while (!previous.isEmpty()) {
			Response before = this.api.post("/users.list", admin, body("cursor", previous, "page_size", 3));
			List<String> emails = new ArrayList<>();
			before.body().path("data").forEach((user) -> emails.add(user.path("email").asString()));
			Collections.reverse(emails);
			backward.addAll(emails);
			previous = before.text("response_metadata.previous_cursor");
		}
		List<String> expected = new ArrayList<>(forward.subList(0, forward.size() - 1));
		Collections.reverse(expected);
		assertThat(backward).isEqualTo(expected);
	}

	@Test
	void usersListShowsTheUserShapeAndRefusesBadPageSizesAndCursors() {
		String admin = this.api.admin();

		JsonNode user = this.api.post("/users.list", admin, "").body().path("data").get(0);
		assertThat(user.propertyNames()).contains("id", "first_name", "last_name", "email", "role");
		assertThat(this.api.post("/users.list", admin, body("page_size", 0)).status()).isEqualTo(400);
		assertThat(this.api.post("/users.list", admin, body("page_size", 1001)).status()).isEqualTo(400);
		assertThat(this.api.post("/users.list", admin, body("cursor", "forged.cursor")).status()).isEqualTo(400);
	}

	@Test
	void meNeedsAToken() {
		assertThat(this.api.post("/users.me", null).status()).isEqualTo(401);
		assertThat(Api.PASSWORD).hasSizeGreaterThan(5);
	}

}

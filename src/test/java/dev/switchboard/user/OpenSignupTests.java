package dev.switchboard.user;

import dev.switchboard.Api.Response;
import dev.switchboard.IntegrationTests;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static dev.switchboard.Api.body;
import static org.assertj.core.api.Assertions.assertThat;

@TestPropertySource(properties = "switchboard.auth.open-signup=true")
class OpenSignupTests extends IntegrationTests {

	@Test
	void withOpenSignupLaterUsersJoinAsAgents() {
		this.api.admin();

		Response response = this.api.post("/users.signup", null,
				body("first_name", "Al", "last_name", "Agent", "email", "al@example.com", "password", "secret1"));

		assertThat(response.status()).isEqualTo(200);
		assertThat(this.api.post("/users.me", response.text("token")).text("role")).isEqualTo("agent");
	}

	@Test
	void anEmailInAnotherLetterCaseIsTaken() {
		this.api.admin();

		Response response = this.api.post("/users.signup", null,
				body("first_name", "A", "last_name", "B", "email", "ADMIN@EXAMPLE.COM", "password", "secret1"));

		assertThat(response.status()).isEqualTo(409);
		assertThat(response.contentType()).isEqualTo("application/problem+json");
	}

}

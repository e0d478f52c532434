package dev.switchboard.user;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.switchboard.Api;
import dev.switchboard.Api.Response;
import dev.switchboard.IntegrationTests;
import org.junit.jupiter.api.Test;

import static dev.switchboard.Api.body;
import static org.assertj.core.api.Assertions.assertThat;

class UserAuthenticationTests extends IntegrationTests {

	@Test
	void firstSignupBecomesAdminAndGetsAToken() {
		Response response = this.api.post("/users.signup", null, body("first_name", "Grace", "last_name", "Hopper",
				"email", "Grace@Example.com", "password", "secret1"));

		assertThat(response.status()).isEqualTo(200);
		// section 11: the answer names the workspace the token acts in
		assertThat(response.body().propertyNames()).containsExactlyInAnyOrder("id", "first_name", "last_name",
				"workspace_id", "token");
		assertThat(response.text("first_name")).isEqualTo("Grace");
		Response me = this.api.post("/users.me", response.text("token"));
		assertThat(me.status()).isEqualTo(200);
		assertThat(me.text("role")).isEqualTo("admin");
		assertThat(me.text("email")).isEqualTo("grace@example.com");
		assertThat(me.text("id")).isEqualTo(response.text("id"));
	}

	@Test
	void laterSignupsAreForbiddenWhileSignupIsClosed() {
		this.api.admin();

		Response response = this.api.post("/users.signup", null,
				body("first_name", "Eve", "last_name", "X", "email", "eve@example.com", "password", "secret1"));

		assertThat(response.status()).isEqualTo(403);
		assertThat(response.contentType()).isEqualTo("application/problem+json");
		assertThat(response.text("detail")).contains("invitation");
	}

	@Test
	void signupRejectsMissingFieldsShortPasswordsAndBadEmails() {
		Response response = this.api.post("/users.signup", null,
				body("first_name", "", "email", "not-an-email", "password", "12345"));

		assertThat(response.status()).isEqualTo(400);
		List<String> fields = new ArrayList<>();
		response.body().path("errors").forEach((error) -> fields.add(error.path("field").asString()));
		assertThat(fields).containsExactlyInAnyOrder("first_name", "last_name", "email", "password");
		assertThat(this.jdbc.sql("select count(*) from users").query(Long.class).single()).isZero();
	}

	@Test
	void signupRejectsWronglyTypedFields() {
		Response response = this.api.post("/users.signup", null,
				"{\"first_name\": 1, \"last_name\": \"L\", \"email\": \"a@example.com\", \"password\": \"secret1\"}");

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.text("detail")).contains("first_name");
	}

	@Test
	void loginAcceptsTheEmailInAnyLetterCase() {
		this.api.admin();

		Response response = this.api.post("/users.login", null,
				body("email", "  ADMIN@example.COM ", "password", Api.PASSWORD));

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.text("first_name")).isEqualTo("Ada");
		assertThat(this.api.post("/users.me", response.text("token")).status()).isEqualTo(200);
	}

	@Test
	void loginWithAWrongPasswordOrUnknownEmailIs401() {
		this.api.admin();

		assertThat(
				this.api.post("/users.login", null, body("email", "admin@example.com", "password", "wrong!")).status())
			.isEqualTo(401);
		assertThat(
				this.api.post("/users.login", null, body("email", "nobody@example.com", "password", "wrong!")).status())
			.isEqualTo(401);
	}

	@Test
	void theEleventhFailedLoginWithinTheWindowIs429EvenWithTheRightPassword() {
		this.api.admin();
		for (int i = 0; i < 10; i++) {
			Response failed = this.api.post("/users.login", null,
					body("email", "Admin@example.com", "password", "wrong" + i));
			assertThat(failed.status()).isEqualTo(401);
		}

		Response throttled = this.api.post("/users.login", null,
				body("email", "admin@example.com", "password", Api.PASSWORD));

		assertThat(throttled.status()).isEqualTo(429);
		assertThat(throttled.raw().getHeader("Retry-After")).isNotBlank();
	}

	@Test
	void theLoginLimitHoldsAcrossConcurrentRequests() throws Exception {
		this.api.admin();
		List<Callable<Integer>> attempts = new ArrayList<>();
		for (int i = 0; i < 16; i++) {
			attempts.add(() -> this.api
				.post("/users.login", null, body("email", "admin@example.com", "password", "wrong-password"))
				.status());
		}
		List<Integer> statuses = new ArrayList<>();
		try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
			for (Future<Integer> status : pool.invokeAll(attempts)) {
				statuses.add(status.get());
			}
		}

		assertThat(statuses).filteredOn((status) -> status == 401).hasSize(10);
		assertThat(statuses).filteredOn((status) -> status == 429).hasSize(6);
	}

	@Test
	void aSuccessfulLoginClearsEarlierFailures() {
		this.api.admin();
		for (int i = 0; i < 9; i++) {
			this.api.post("/users.login", null, body("email", "admin@example.com", "password", "wrong"));
		}
		assertThat(this.api.post("/users.login", null, body("email", "admin@example.com", "password", Api.PASSWORD))
			.status()).isEqualTo(200);

		for (int i = 0; i < 9; i++) {
			assertThat(this.api.post("/users.login", null, body("email", "admin@example.com", "password", "wrong"))
				.status()).isEqualTo(401);
		}
	}

}

package dev.switchboard.user;

import java.util.ArrayList;
import java.util.List;

import dev.switchboard.Api;
import dev.switchboard.Api.Response;
import dev.switchboard.IntegrationTests;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;

import static dev.switchboard.Api.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class LoginThrottleTests extends IntegrationTests {

	@Test
	void wrongPasswordsFromOneAddressLockItOutOfTheAccountWhileTheOwnerLogsInFromAnother() {
		this.api.admin();
		for (int i = 0; i < LoginThrottle.MAX_FAILURES; i++) {
			assertThat(login("10.0.0.1", "admin@example.com", "wrong" + i).status()).isEqualTo(401);
		}

		Response attacker = login("10.0.0.1", "admin@example.com", Api.PASSWORD);
		Response owner = login("10.0.0.2", "admin@example.com", Api.PASSWORD);

		assertThat(attacker.status()).isEqualTo(429);
		assertThat(attacker.contentType()).isEqualTo("application/problem+json");
		assertThat(Long.parseLong(attacker.raw().getHeader("Retry-After"))).isBetween(1L, 900L);
		assertThat(owner.status()).as(owner.text()).isEqualTo(200);
		assertThat(this.api.post("/users.me", owner.text("token")).status()).isEqualTo(200);
		assertThat(login("10.0.0.1", "admin@example.com", Api.PASSWORD).status())
			.as("the owner's login does not reopen the attacker's address")
			.isEqualTo(429);
	}

	@Test
	void anAddressTryingManyAccountsIsRefusedBeforeItHasTriedThemAll() {
		this.api.admin();
		List<String> accounts = new ArrayList<>();
		for (int i = 1; i <= 15; i++) {
			accounts.add("user" + i + "@example.com");
		}

		List<Integer> statuses = new ArrayList<>();
		Response refused = null;
		for (String password : List.of("123456", "password")) {
			for (String account : accounts) {
				Response response = login("10.0.0.3", account, password);
				statuses.add(response.status());
				if (refused == null && response.status() == 429) {
					refused = response;
				}
			}
		}

		assertThat(statuses.subList(0, LoginThrottle.MAX_ADDRESS_FAILURES)).containsOnly(401);
		assertThat(statuses.subList(LoginThrottle.MAX_ADDRESS_FAILURES, statuses.size())).containsOnly(429);
		assertThat(refused).isNotNull();
		assertThat(Long.parseLong(refused.raw().getHeader("Retry-After"))).isBetween(1L, 900L);
		assertThat(login("10.0.0.3", "admin@example.com", Api.PASSWORD).status()).isEqualTo(429);
		assertThat(login("10.0.0.4", "admin@example.com", Api.PASSWORD).status()).isEqualTo(200);
	}

	@Test
	void passwordResetRequestsAreLimitedPerEmailFromAnyAddress() throws Exception {
		this.api.admin();
		for (int i = 0; i < LoginThrottle.MAX_RESET_REQUESTS; i++) {
			assertThat(requestReset("10.0.1." + i, "admin@example.com").status()).isEqualTo(202);
		}

		Response refused = requestReset("10.0.1.99", "Admin@Example.com");

		assertThat(refused.status()).isEqualTo(429);
		assertThat(refused.contentType()).isEqualTo("application/problem+json");
		assertThat(Long.parseLong(refused.raw().getHeader("Retry-After"))).isBetween(1L, 3600L);
		await().untilAsserted(() -> assertThat(mail.getReceivedMessages()).hasSize(LoginThrottle.MAX_RESET_REQUESTS));
		assertThat(requestReset("10.0.1.99", "someone@example.com").status()).isEqualTo(202);
	}

	@Test
	void passwordResetRequestsAreLimitedPerAddressWhetherOrNotTheEmailsHaveAccounts() {
		this.api.admin();
		for (int i = 0; i < LoginThrottle.MAX_RESET_REQUESTS; i++) {
			assertThat(requestReset("10.0.2.1", "nobody" + i + "@example.com").status()).isEqualTo(202);
		}

		Response refused = requestReset("10.0.2.1", "admin@example.com");

		assertThat(refused.status()).isEqualTo(429);
		assertThat(refused.raw().getHeader("Retry-After")).isNotBlank();
		assertThat(requestReset("10.0.2.2", "admin@example.com").status()).isEqualTo(202);
	}

	private Response login(String address, String email, String password) {
		return post(address, "/users.login", body("email", email, "password", password));
	}

	private Response requestReset(String address, String email) {
		return post(address, "/users.request-password-reset", body("email", email));
	}

	private Response post(String address, String path, Object body) {
		return new Response(this.mvc.post().uri(path).with((request) -> {
			request.setRemoteAddr(address);
			return request;
		}).contentType(MediaType.APPLICATION_JSON).content(this.json.writeValueAsString(body)).exchange().getResponse(),
				this.json);
	}

}

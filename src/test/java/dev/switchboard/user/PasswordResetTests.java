package dev.switchboard.user;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.switchboard.Api;
import dev.switchboard.Api.Response;
import dev.switchboard.IntegrationTests;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.junit.jupiter.api.extension.ExtendWith;

import static dev.switchboard.Api.body;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class PasswordResetTests extends IntegrationTests {

	private static final Pattern TOKEN = Pattern.compile("^([A-Za-z0-9_-]{40,})$", Pattern.MULTILINE);

	@Test
	void aMailedTokenResetsThePasswordOnceAndRevokesEarlierTokens(CapturedOutput output) throws Exception {
		String before = this.api.admin();
		Thread.sleep(1100); // token issue times are whole seconds

		Response requested = this.api.post("/users.request-password-reset", null, body("email", "ADMIN@example.com"));

		assertThat(requested.status()).isEqualTo(202);
		assertThat(requested.text()).isEqualTo("{}");
		String token = tokenFromMail("admin@example.com");
		assertThat(output.getAll()).doesNotContain(token);
		assertThat(this.jdbc.sql("select count(*) from user_tokens where encode(token_hash, 'escape') like :token")
			.param("token", "%" + token + "%")
			.query(Long.class)
			.single()).as("only a hash of the token is stored").isZero();

		Response reset = this.api.post("/users.password-reset", null,
				body("token", token, "new_password", "new secret"));
		assertThat(reset.status()).isEqualTo(200);
		assertThat(reset.text()).isEqualTo("{}");
		assertThat(this.api.post("/users.login", null, body("email", "admin@example.com", "password", "new secret"))
			.status()).isEqualTo(200);
		assertThat(this.api.post("/users.login", null, body("email", "admin@example.com", "password", Api.PASSWORD))
			.status()).isEqualTo(401);

		assertThat(this.api.post("/users.me", before).status()).as("a token from before the reset").isEqualTo(401);

		Response reused = this.api.post("/users.password-reset", null,
				body("token", token, "new_password", "another secret"));
		assertThat(reused.status()).isEqualTo(400);
	}

	@Test
	void anUnknownEmailIsAcceptedAlikeAndNothingIsMailed() throws Exception {
		this.api.admin();

		Response requested = this.api.post("/users.request-password-reset", null, body("email", "nobody@example.com"));

		assertThat(requested.status()).isEqualTo(202);
		assertThat(requested.text()).isEqualTo("{}");
		Thread.sleep(300);
		assertThat(mail.getReceivedMessages()).isEmpty();
	}

	@Test
	void aMalformedEmailIs400() {
		assertThat(this.api.post("/users.request-password-reset", null, body("email", "nope")).status()).isEqualTo(400);
	}

	@Test
	void unknownTokensAndShortPasswordsAreRefused() throws Exception {
		this.api.admin();
		this.api.post("/users.request-password-reset", null, body("email", "admin@example.com"));
		String token = tokenFromMail("admin@example.com");

		assertThat(this.api.post("/users.password-reset", null, body("token", "made-up", "new_password", "secret1"))
			.status()).isEqualTo(400);
		assertThat(this.api.post("/users.password-reset", null, body("token", token, "new_password", "12345")).status())
			.isEqualTo(400);
	}

	@Test
	void anExpiredTokenIsRefused() throws Exception {
		this.api.admin();
		this.api.post("/users.request-password-reset", null, body("email", "admin@example.com"));
		String token = tokenFromMail("admin@example.com");
		this.jdbc.sql("update user_tokens set expires_at = now() - interval '1 second'").update();

		assertThat(
				this.api.post("/users.password-reset", null, body("token", token, "new_password", "secret1")).status())
			.isEqualTo(400);
	}

	@Test
	void aNewRequestRevokesTheEarlierToken() throws Exception {
		this.api.admin();
		this.api.post("/users.request-password-reset", null, body("email", "admin@example.com"));
		String first = tokenFromMail("admin@example.com");
		mail.purgeEmailFromAllMailboxes();
		this.api.post("/users.request-password-reset", null, body("email", "admin@example.com"));
		String second = tokenFromMail("admin@example.com");

		assertThat(
				this.api.post("/users.password-reset", null, body("token", first, "new_password", "secret1")).status())
			.isEqualTo(400);
		assertThat(
				this.api.post("/users.password-reset", null, body("token", second, "new_password", "secret1")).status())
			.isEqualTo(200);
	}

	static String tokenFromMail(String recipient) throws Exception {
		assertThat(mail.waitForIncomingEmail(10_000, 1)).as("a mail arrives").isTrue();
		MimeMessage message = mail.getReceivedMessages()[0];
		assertThat(message.getAllRecipients()[0].toString()).isEqualTo(recipient);
		Matcher matcher = TOKEN.matcher(message.getContent().toString().replace("\r", ""));
		assertThat(matcher.find()).as("the mail carries a token").isTrue();
		return matcher.group(1);
	}

}

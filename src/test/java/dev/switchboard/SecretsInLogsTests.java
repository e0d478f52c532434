package dev.switchboard;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.switchboard.source.meta.MetaIntegrationTests;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.switchboard.Api.body;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the flows that carry secrets (platform tokens good and malformed, passwords,
 * invitation and reset tokens) and checks that no secret reaches a log line or an answer
 * it was not meant for.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretsInLogsTests extends MetaIntegrationTests {

	private static final String PAGE_ID = "100200300400500";

	private static final String PHONE_NUMBER_ID = "106540352242922";

	private static final String SHORT_LIVED = "EAAB-secret-short-lived-token-Qx71";

	private static final String LONG_LIVED = "EAAB-secret-long-lived-token-Zr93";

	private static final String WHATSAPP_TOKEN = "EAAW-secret-whatsapp-token-Kp52";

	private static final String PASSWORD = "secret password Vb08";

	private static final Pattern MAILED_TOKEN = Pattern.compile("^([A-Za-z0-9_-]{40,})$", Pattern.MULTILINE);

	@LocalServerPort
	private int port;

	/** The secrets a test used; each is looked for in the output once it ends. */
	private final List<String> secrets = new ArrayList<>(List.of(SHORT_LIVED, LONG_LIVED, WHATSAPP_TOKEN, PASSWORD));

	/** Every answer a test received. */
	private final List<String> answers = new ArrayList<>();

	private CapturedOutput output;

	@AfterEach
	void noSecretWasLoggedOrAnswered() {
		for (String secret : this.secrets) {
			assertThat(this.output.getAll()).as("the log").doesNotContain(secret);
			assertThat(this.answers).as("the answers").noneMatch((answer) -> answer.contains(secret));
		}
	}

	@Test
	void platformTokensGoodOrMalformedAreNeverLoggedNorEchoed(CapturedOutput output) {
		this.output = output;
		graph.on("GET", "/oauth/access_token", 200, "{\"access_token\":\"" + LONG_LIVED + "\"}");
		graph.on("GET", "/" + PAGE_ID, 200, "{\"id\":\"" + PAGE_ID + "\",\"name\":\"Acme Shoes\"}");
		graph.on("POST", "/" + PAGE_ID + "/subscribed_apps", 200, "{\"success\":true}");
		graph.on("GET", "/me/accounts", 200, "{\"data\":[{\"id\":\"" + PAGE_ID + "\",\"name\":\"Acme Shoes\"}]}");
		graph.on("GET", "/" + PHONE_NUMBER_ID, 200, "{\"id\":\"" + PHONE_NUMBER_ID + "\"}");

		assertThat(post("/channels.facebook.connect", Map.of("page_id", PAGE_ID, "page_token", SHORT_LIVED)).status())
			.isEqualTo(200);
		assertThat(post("/channels.facebook.explore", Map.of("auth_token", SHORT_LIVED)).status()).isEqualTo(200);
		assertThat(post("/channels.whatsapp.connect",
				Map.of("phone_number_id", PHONE_NUMBER_ID, "user_token", WHATSAPP_TOKEN, "name", "Acme"))
			.status()).isEqualTo(200);
		int callsBefore = graph.requests().size();
		for (String malformed : List.of(SHORT_LIVED + "\n", SHORT_LIVED + " ", "\t" + SHORT_LIVED,
				SHORT_LIVED + "\u00e9")) {
			assertRefusedNaming("page_token",
					post("/channels.facebook.connect", Map.of("page_id", PAGE_ID, "page_token", malformed)));
			assertRefusedNaming("page_token", post("/channels.instagram.connect",
					Map.of("page_id", PAGE_ID, "account_id", PAGE_ID, "page_token", malformed)));
			assertRefusedNaming("auth_token", post("/channels.facebook.explore", Map.of("auth_token", malformed)));
			assertRefusedNaming("token", post("/channels.explore", Map.of("source", "facebook", "token", malformed)));
			assertRefusedNaming("user_token", post("/channels.whatsapp.connect",
					Map.of("phone_number_id", PHONE_NUMBER_ID, "user_token", malformed, "name", "Acme")));
		}
		// a NUL is refused for the whole body, before any field is read
		Api.Response nul = post("/channels.facebook.connect",
				Map.of("page_id", PAGE_ID, "page_token", SHORT_LIVED + "\u0000"));
		assertThat(nul.status()).as(nul.text()).isEqualTo(400);
		assertThat(nul.text("detail")).contains("NUL");
		assertThat(graph.requests()).as("malformed tokens are refused before any call").hasSize(callsBefore);
	}

	@Test
	void aTokenThePlatformRejectsAndQuotesIsNotRepeated(CapturedOutput output) {
		this.output = output;
		graph.on("GET", "/oauth/access_token", 400, "{\"error\":{\"message\":\"Invalid OAuth access token "
				+ SHORT_LIVED + "\",\"type\":\"OAuthException\",\"code\":190}}");
		graph.on("GET", "/me/accounts", 400, "{\"error\":{\"message\":\"Cannot parse access token " + SHORT_LIVED
				+ "\",\"type\":\"OAuthException\",\"code\":190}}");

		Api.Response connect = post("/channels.facebook.connect",
				Map.of("page_id", PAGE_ID, "page_token", SHORT_LIVED));
		Api.Response explore = post("/channels.facebook.explore", Map.of("auth_token", SHORT_LIVED));

		assertThat(connect.status()).isEqualTo(400);
		assertThat(connect.text("detail")).contains("rejected the token");
		assertThat(explore.status()).isEqualTo(400);
	}

	@Test
	void passwordsAndUserTokensAreNeverLogged(CapturedOutput output) {
		this.output = output;
		String email = "grace@example.com";
		// the invitation's answer is where its token is meant to be
		String invitation = this.api.post("/users.invite", this.admin, Map.of("email", email, "role", "agent"))
			.text("invitation_token");
		this.secrets.add(invitation);

		// the answers to accepting and logging in carry the user token (the same one,
		// when
		// issued in the same second)
		Api.Response accepted = this.api.post("/users.accept-invitation", null,
				body("token", invitation, "first_name", "Grace", "last_name", "Hopper", "password", PASSWORD));
		Api.Response wrong = record(
				this.api.post("/users.login", null, body("email", email, "password", PASSWORD + " wrong")));
		Api.Response right = this.api.post("/users.login", null, body("email", email, "password", PASSWORD));

		assertThat(accepted.status()).isEqualTo(200);
		assertThat(accepted.text()).doesNotContain(invitation).doesNotContain(PASSWORD);
		assertThat(wrong.status()).isEqualTo(401);
		assertThat(right.status()).isEqualTo(200);
		this.secrets.add(PASSWORD + " wrong");
		this.secrets.add(right.text("token"));
		this.secrets.add(this.admin);
	}

	@Test
	void resetTokensAreNeverLogged(CapturedOutput output) throws Exception {
		this.output = output;

		assertThat(record(this.api.post("/users.request-password-reset", null, body("email", "admin@example.com")))
			.status()).isEqualTo(202);
		String token = mailedToken();
		this.secrets.add(token);
		Api.Response reset = record(
				this.api.post("/users.password-reset", null, body("token", token, "new_password", PASSWORD)));
		Api.Response reused = record(
				this.api.post("/users.password-reset", null, body("token", token, "new_password", PASSWORD)));

		assertThat(reset.status()).isEqualTo(200);
		assertThat(reused.status()).isEqualTo(400);
	}

	@Test
	void aSecretInARequestTomcatRefusesIsNotLogged(CapturedOutput output) throws Exception {
		this.output = output;

		String answer = raw("GET /users.me?access_token=" + SHORT_LIVED + "{} HTTP/1.1\r\nHost: localhost\r\n"
				+ "Connection: close\r\n\r\n");
		String badHeader = raw("GET /users.me HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + LONG_LIVED
				+ "\u0001\r\nConnection: close\r\n\r\n");

		assertThat(answer).startsWith("HTTP/1.1 400");
		assertThat(badHeader).startsWith("HTTP/1.1 4");
		this.answers.add(answer);
		this.answers.add(badHeader);
	}

	private Api.Response post(String path, Object body) {
		return record(this.api.post(path, this.admin, body));
	}

	private Api.Response record(Api.Response response) {
		this.answers.add(response.text());
		return response;
	}

	private static void assertRefusedNaming(String field, Api.Response response) {
		assertThat(response.status()).as(response.text()).isEqualTo(400);
		assertThat(response.body().path("errors").findValuesAsString("field")).as(response.text()).contains(field);
	}

	private static String mailedToken() throws Exception {
		assertThat(mail.waitForIncomingEmail(10_000, 1)).as("a mail arrives").isTrue();
		MimeMessage message = mail.getReceivedMessages()[0];
		Matcher matcher = MAILED_TOKEN.matcher(message.getContent().toString().replace("\r", ""));
		assertThat(matcher.find()).as("the mail carries a token").isTrue();
		return matcher.group(1);
	}

	private String raw(String request) throws Exception {
		try (Socket socket = new Socket("localhost", this.port)) {
			socket.setSoTimeout(5000);
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
		}
	}

}

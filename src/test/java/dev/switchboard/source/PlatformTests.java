package dev.switchboard.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.BeforeEach;
import tools.jackson.databind.JsonNode;

import dev.switchboard.Api;
import dev.switchboard.IntegrationTests;
import dev.switchboard.source.FakePlatform.Reply;

import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester.MockMvcRequestBuilder;

import static dev.switchboard.Api.body;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Base of the tests of platform sources: Twilio's and Google's APIs are a local fake, the
 * public URL is an https one the tests never reach (as behind a TLS-terminating proxy),
 * and the secrets are known to the tests so that they can sign webhooks.
 */
public abstract class PlatformTests extends IntegrationTests {

	protected static final String PUBLIC_URL = "https://switchboard.example.com";

	protected static final String ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef";

	protected static final String AUTH_TOKEN = "twilio-auth-token-3f9c2e7a";

	protected static final String PARTNER_KEY = "google-partner-key-8d1b4c6f";

	protected static final FakePlatform platform = FakePlatform.start();

	protected static final KeyPair serviceAccountKey = rsaKeyPair();

	protected static final String SERVICE_ACCOUNT_EMAIL = "switchboard@example-project.iam.gserviceaccount.com";

	protected static final String PRIVATE_KEY_PEM = pem(serviceAccountKey);

	private static final Path serviceAccountFile = writeServiceAccount();

	private final AtomicInteger ids = new AtomicInteger();

	@DynamicPropertySource
	static void platforms(DynamicPropertyRegistry registry) {
		registry.add("switchboard.public-url", () -> PUBLIC_URL);
		registry.add("switchboard.sources.twilio.api-url", () -> platform.url() + "/twilio-api");
		registry.add("switchboard.sources.twilio.account-sid", () -> ACCOUNT_SID);
		registry.add("switchboard.sources.twilio.auth-token", () -> AUTH_TOKEN);
		registry.add("switchboard.sources.google.api-url", () -> platform.url() + "/google-api");
		registry.add("switchboard.sources.google.token-url", () -> platform.url() + "/google-token");
		registry.add("switchboard.sources.google.service-account-file", serviceAccountFile::toString);
		registry.add("switchboard.sources.google.partner-key", () -> PARTNER_KEY);
	}

	@BeforeEach
	void resetPlatform() {
		platform.reset(this::defaultReply);
	}

	/**
	 * What the platforms answer unless a test scripts otherwise: Twilio takes every
	 * message, Google gives tokens and takes every message.
	 */
	protected Reply defaultReply(FakePlatform.Request request) {
		if (request.path().startsWith("/twilio-api/2010-04-01/Accounts/" + ACCOUNT_SID + "/Messages.json")) {
			return Reply.json(201,
					"{\"sid\":\"SM" + String.format("%032d", this.ids.incrementAndGet()) + "\",\"status\":\"queued\"}");
		}
		if (request.path().equals("/google-token")) {
			return Reply.json(200, "{\"access_token\":\"ya29.fake-access-token-" + this.ids.incrementAndGet()
					+ "\",\"expires_in\":3599,\"token_type\":\"Bearer\"}");
		}
		if (request.path().startsWith("/google-api/v1/conversations/")) {
			return Reply.json(200, "{}");
		}
		return Reply.json(404, "{}");
	}

	/**
	 * Posts a form to {@code /twilio} through MockMvc, signed over the public URL.
	 */
	protected Api.Response postTwilio(String form) {
		return postTwilio(form, twilioSignature(PUBLIC_URL + "/twilio", form));
	}

	protected Api.Response postTwilio(String form, String signature) {
		MockMvcRequestBuilder request = this.mvc.post()
			.uri("/twilio")
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.content(form.getBytes(StandardCharsets.UTF_8));
		if (signature != null) {
			request.header("X-Twilio-Signature", signature);
		}
		return new Api.Response(request.exchange().getResponse(), this.json);
	}

	/**
	 * Posts JSON to {@code /google} through MockMvc, signed with the partner key.
	 */
	protected Api.Response postGoogle(String body) {
		return postGoogle(body, hmac("HmacSHA512", PARTNER_KEY, body));
	}

	protected Api.Response postGoogle(String body, String signature) {
		MockMvcRequestBuilder request = this.mvc.post()
			.uri("/google")
			.contentType(MediaType.APPLICATION_JSON)
			.content(body.getBytes(StandardCharsets.UTF_8));
		if (signature != null) {
			request.header("X-Goog-Signature", signature);
		}
		return new Api.Response(request.exchange().getResponse(), this.json);
	}

	/**
	 * Twilio's signature as its documentation defines it, computed independently of the
	 * code under test.
	 */
	protected static String twilioSignature(String url, String form) {
		Map<String, String> sorted = new TreeMap<>();
		for (String pair : form.split("&")) {
			String[] parts = pair.split("=", 2);
			sorted.put(decode(parts[0]), decode((parts.length > 1) ? parts[1] : ""));
		}
		StringBuilder data = new StringBuilder(url);
		sorted.forEach((name, value) -> data.append(name).append(value));
		return hmac("HmacSHA1", AUTH_TOKEN, data.toString());
	}

	protected static String hmac(String algorithm, String key, String data) {
		try {
			Mac mac = Mac.getInstance(algorithm);
			mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), algorithm));
			return Base64.getEncoder().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A form body from names and values, encoded as Twilio encodes it.
	 */
	protected static String form(String... namesAndValues) {
		StringBuilder form = new StringBuilder();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			if (!form.isEmpty()) {
				form.append('&');
			}
			form.append(URLEncoder.encode(namesAndValues[i], StandardCharsets.UTF_8))
				.append('=')
				.append(URLEncoder.encode(namesAndValues[i + 1], StandardCharsets.UTF_8));
		}
		return form.toString();
	}

	protected static String fixture(String name) {
		try (var in = PlatformTests.class.getResourceAsStream("/fixtures/" + name)) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	protected String connect(String admin, String path, Object... fields) {
		Api.Response connected = this.api.post(path, admin, body(fields));
		assertThat(connected.status()).as(connected.text()).isEqualTo(200);
		return connected.text("id");
	}

	protected List<JsonNode> conversations(String token) {
		Api.Response list = this.api.post("/conversations.list", token, body("page_size", 100));
		assertThat(list.status()).as(list.text()).isEqualTo(200);
		return list.body().path("data").valueStream().toList();
	}

	protected List<JsonNode> messages(String token, String conversationId) {
		Api.Response list = this.api.post("/messages.list", token,
				body("conversation_id", conversationId, "page_size", 100));
		assertThat(list.status()).as(list.text()).isEqualTo(200);
		return list.body().path("data").valueStream().toList();
	}

	protected long storedEvents(String source) {
		return this.jdbc.sql("select count(*) from webhook_events where source = :source")
			.param("source", source)
			.query(Long.class)
			.single();
	}

	private static String decode(String value) {
		return java.net.URLDecoder.decode(value, StandardCharsets.UTF_8);
	}

	private static KeyPair rsaKeyPair() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			return generator.generateKeyPair();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String pem(KeyPair keyPair) {
		return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
			.encodeToString(keyPair.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
	}

	private static Path writeServiceAccount() {
		try {
			Path file = Files.createTempFile("service-account", ".json");
			file.toFile().deleteOnExit();
			String json = "{\"type\":\"service_account\",\"project_id\":\"example-project\","
					+ "\"private_key_id\":\"key-1\",\"private_key\":\"" + PRIVATE_KEY_PEM.replace("\n", "\\n")
					+ "\",\"client_email\":\"" + SERVICE_ACCOUNT_EMAIL + "\",\"token_uri\":"
					+ "\"https://oauth2.googleapis.com/token\"}";
			Files.writeString(file, json);
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}

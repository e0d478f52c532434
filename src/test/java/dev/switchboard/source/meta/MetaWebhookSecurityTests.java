package dev.switchboard.source.meta;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

class MetaWebhookSecurityTests extends MetaIntegrationTests {

	private static final String BODY = "{\"object\":\"page\",\"entry\":[]}";

	@ParameterizedTest
	@ValueSource(strings = { "/facebook", "/instagram", "/whatsapp" })
	void theVerifyChallengeIsAnsweredOnlyForTheConfiguredToken(String path) throws Exception {
		MockHttpServletResponse right = this.mvc.get()
			.uri(path + "?hub.mode=subscribe&hub.verify_token=" + VERIFY_TOKEN + "&hub.challenge=1158201444")
			.exchange()
			.getResponse();
		MockHttpServletResponse wrong = this.mvc.get()
			.uri(path + "?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1158201444")
			.exchange()
			.getResponse();
		MockHttpServletResponse noMode = this.mvc.get()
			.uri(path + "?hub.verify_token=" + VERIFY_TOKEN + "&hub.challenge=1158201444")
			.exchange()
			.getResponse();

		assertThat(right.getStatus()).isEqualTo(200);
		assertThat(right.getContentAsString()).isEqualTo("1158201444");
		assertThat(right.getContentType()).startsWith("text/plain");
		assertThat(wrong.getStatus()).isEqualTo(403);
		assertThat(wrong.getContentAsString()).doesNotContain("1158201444");
		assertThat(noMode.getStatus()).isEqualTo(403);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/facebook", "/instagram", "/whatsapp" })
	void aDeliverySignedWithTheAppSecretIsStoredAndAcknowledged(String path) {
		assertThat(postSigned(path, BODY)).isEqualTo(200);

		assertThat(storedEvents()).isEqualTo(1);
		assertThat(this.jdbc.sql("select body from webhook_events").query(byte[].class).single())
			.isEqualTo(BODY.getBytes(StandardCharsets.UTF_8));
	}

	@ParameterizedTest
	@ValueSource(strings = { "/facebook", "/instagram", "/whatsapp" })
	void aBatchLargerThanTheApisLimitIsStillAccepted(String path) {
		String large = "{\"object\":\"page\",\"entry\":[],\"padding\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";

		assertThat(postSigned(path, large)).isEqualTo(200);

		assertThat(storedEvents()).isEqualTo(1);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/facebook", "/instagram", "/whatsapp" })
	void aDeliveryWithABadSignatureIsRefusedAndNothingIsStored(String path) {
		String otherSecret = HubSignature.sign("another-secret", BODY.getBytes(StandardCharsets.UTF_8));
		String otherBody = HubSignature.sign(APP_SECRET, (BODY + " ").getBytes(StandardCharsets.UTF_8));

		assertThat(postWebhook(path, BODY, otherSecret)).isEqualTo(403);
		assertThat(postWebhook(path, BODY, otherBody)).isEqualTo(403);
		assertThat(postWebhook(path, BODY, "sha256=not-hex")).isEqualTo(403);
		assertThat(postWebhook(path, BODY, "sha1=" + otherSecret.substring(7))).isEqualTo(403);
		assertThat(storedEvents()).isZero();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/facebook", "/instagram", "/whatsapp" })
	void aDeliveryWithoutSignatureIsRefusedAndNothingIsStored(String path) {
		assertThat(postWebhook(path, BODY, null)).isEqualTo(403);

		assertThat(storedEvents()).isZero();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/facebook", "/whatsapp" })
	void theSignatureIsCheckedOverTheRawBytesAsSent(String path) {
		// Meta signs its escaped-unicode form: re-serialising the JSON would break the
		// check
		String escaped = "{\"object\":\"page\",\"entry\":[],\"text\":\"caf\\u00e9 \\ud83d\\ude00\"}";

		assertThat(postSigned(path, escaped)).isEqualTo(200);
		assertThat(this.jdbc.sql("select body from webhook_events").query(byte[].class).single())
			.isEqualTo(escaped.getBytes(StandardCharsets.UTF_8));
	}

}

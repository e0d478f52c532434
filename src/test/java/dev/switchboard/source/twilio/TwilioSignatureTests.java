package dev.switchboard.source.twilio;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import org.springframework.http.converter.FormHttpMessageConverter;
import org.springframework.mock.http.MockHttpInputMessage;
import org.springframework.util.MultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;

class TwilioSignatureTests {

	// the example of https://www.twilio.com/docs/usage/security
	private static final String URL = "https://mycompany.com/myapp.php?foo=1&bar=2";

	private static final String FORM = "CallSid=CA1234567890ABCDE&Caller=%2B12349013030&Digits=1234"
			+ "&From=%2B12349013030&To=%2B18005551212";

	@Test
	void matchesTheExampleOfTwiliosDocumentation() throws IOException {
		assertThat(TwilioSignature.of("12345", URL, form())).isEqualTo("0/KCTR6DLpKmkAf8muzZqo1nDgQ=");
	}

	@Test
	void refusesAnotherUrlAnotherTokenOrNoSignature() throws IOException {
		var parameters = form();

		assertThat(TwilioSignature.matches("12345", URL, parameters, "0/KCTR6DLpKmkAf8muzZqo1nDgQ=")).isTrue();
		assertThat(TwilioSignature.matches("12345", URL.replace("https", "http"), parameters,
				"0/KCTR6DLpKmkAf8muzZqo1nDgQ="))
			.isFalse();
		assertThat(TwilioSignature.matches("54321", URL, parameters, "0/KCTR6DLpKmkAf8muzZqo1nDgQ=")).isFalse();
		assertThat(TwilioSignature.matches("12345", URL, parameters, null)).isFalse();
		assertThat(TwilioSignature.matches(null, URL, parameters, "0/KCTR6DLpKmkAf8muzZqo1nDgQ=")).isFalse();
	}

	private static MultiValueMap<String, String> form() throws IOException {
		return new FormHttpMessageConverter().read(null,
				new MockHttpInputMessage(FORM.getBytes(StandardCharsets.UTF_8)));
	}

}

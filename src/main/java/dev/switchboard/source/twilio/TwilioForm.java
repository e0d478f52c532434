package dev.switchboard.source.twilio;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * Twilio's form-encoded bodies, parsed from the raw bytes: the webhook reads the body
 * itself, so the stored event is exactly what Twilio sent.
 */
final class TwilioForm {

	private TwilioForm() {
	}

	/**
	 * The parameters of a form-encoded body, in their order.
	 * @throws IllegalArgumentException when the body is not form-encoded
	 */
	static MultiValueMap<String, String> parse(byte[] body) {
		MultiValueMap<String, String> parameters = new LinkedMultiValueMap<>();
		String text = new String(body, StandardCharsets.UTF_8);
		if (text.isEmpty()) {
			return parameters;
		}
		for (String pair : text.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			int equals = pair.indexOf('=');
			String name = (equals < 0) ? pair : pair.substring(0, equals);
			String value = (equals < 0) ? "" : pair.substring(equals + 1);
			parameters.add(URLDecoder.decode(name, StandardCharsets.UTF_8),
					URLDecoder.decode(value, StandardCharsets.UTF_8));
		}
		return parameters;
	}

}

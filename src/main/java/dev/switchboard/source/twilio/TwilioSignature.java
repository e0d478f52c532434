package dev.switchboard.source.twilio;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.switchboard.source.inbox.HmacSignatures;

import org.springframework.util.MultiValueMap;

/**
 * Twilio's request signature: base64 HMAC-SHA1 with the auth token over the URL Twilio
 * called followed by every POST parameter, sorted by name, as name and value with no
 * separators (https://www.twilio.com/docs/usage/security).
 */
final class TwilioSignature {

	private TwilioSignature() {
	}

	/**
	 * The signature Twilio computes for a request. Repeated parameters are sorted by
	 * value too, as Twilio's own validators do.
	 */
	static String of(String authToken, String url, MultiValueMap<String, String> parameters) {
		StringBuilder data = new StringBuilder(url);
		List<Map.Entry<String, List<String>>> entries = new ArrayList<>(parameters.entrySet());
		entries.sort(Map.Entry.comparingByKey());
		for (Map.Entry<String, List<String>> entry : entries) {
			// a parameter without "=" has no value, signed as empty
			List<String> values = entry.getValue()
				.stream()
				.map((value) -> (value != null) ? value : "")
				.sorted()
				.toList();
			for (String value : values) {
				data.append(entry.getKey()).append(value);
			}
		}
		return HmacSignatures.base64("HmacSHA1", authToken, data.toString().getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Whether a request carries Twilio's signature, compared in constant time.
	 */
	static boolean matches(String authToken, String url, MultiValueMap<String, String> parameters, String signature) {
		return authToken != null && !authToken.isBlank()
				&& HmacSignatures.matches(of(authToken, url, parameters), signature);
	}

}

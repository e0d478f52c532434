package dev.switchboard.source.twilio;

import tools.jackson.databind.json.JsonMapper;

import dev.switchboard.source.PlatformHttp;

import org.springframework.http.MediaType;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Twilio's Messages API, authenticated with the account SID and auth token.
 */
class TwilioClient {

	private final RestClient rest;

	private final TwilioProperties properties;

	private final JsonMapper json;

	TwilioClient(RestClient.Builder builder, TwilioProperties properties, JsonMapper json) {
		this.rest = builder.baseUrl(properties.apiUrl()).build();
		this.properties = properties;
		this.json = json;
	}

	/**
	 * Creates a message ({@code To}, {@code From}, {@code Body}, {@code MediaUrl}, ...).
	 * @throws RestClientException when Twilio cannot be reached or does not answer in
	 * time
	 */
	PlatformHttp.Answer createMessage(MultiValueMap<String, String> form) {
		return this.rest.post()
			.uri("/2010-04-01/Accounts/{sid}/Messages.json", this.properties.accountSid())
			.headers((headers) -> headers.setBasicAuth(this.properties.accountSid(), this.properties.authToken()))
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.accept(MediaType.APPLICATION_JSON)
			.body(form)
			.exchange((request, response) -> PlatformHttp.answer(response, this.json));
	}

}

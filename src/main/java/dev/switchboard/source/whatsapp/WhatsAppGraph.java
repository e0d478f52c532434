package dev.switchboard.source.whatsapp;

import java.net.URI;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

import dev.switchboard.common.error.PayloadTooLargeException;
import dev.switchboard.source.meta.BadGatewayException;
import dev.switchboard.source.meta.GraphApi;
import dev.switchboard.source.meta.GraphException;

import org.springframework.web.client.RestClient;

/**
 * The Graph API calls of the WhatsApp Cloud API, with the settings resolved against
 * Facebook's.
 */
class WhatsAppGraph {

	private final GraphApi graph;

	private final WhatsAppProperties properties;

	private final RestClient downloads;

	WhatsAppGraph(RestClient.Builder http, WhatsAppProperties properties, JsonMapper json) {
		// media are downloaded from the URL Graph gives, not under its base URL
		this.downloads = http.clone().build();
		this.graph = new GraphApi(http, properties.graphApiUrl(), json);
		this.properties = properties;
	}

	WhatsAppProperties properties() {
		return this.properties;
	}

	/**
	 * A long-lived token for the given one when the app id and secret are configured; the
	 * given token otherwise.
	 */
	String longLived(String token) {
		if (!this.properties.canExchangeTokens()) {
			return token;
		}
		return this.graph.longLived(this.properties.appId(), this.properties.appSecret(), token);
	}

	/**
	 * The phone number, read with the token (which checks it).
	 */
	JsonNode phoneNumber(String phoneNumberId, String token) {
		return this.graph.get(token, Map.of("fields", "display_phone_number,verified_name"), phoneNumberId);
	}

	/**
	 * How the phone number is registered: {@code platform_type} ({@code CLOUD_API} when
	 * it can be used here) and its {@code status}.
	 */
	JsonNode registration(String phoneNumberId, String token) {
		return this.graph.get(token, Map.of("fields", "platform_type,status,code_verification_status"), phoneNumberId);
	}

	/**
	 * Downloads a media the contact sent: Graph gives its URL (and type) for its id, and
	 * the URL takes the same token.
	 * @throws GraphException when Graph refuses the media id
	 * @throws BadGatewayException when the download fails
	 * @throws PayloadTooLargeException when the file is larger than {@code maxBytes}
	 */
	byte[] media(String mediaId, String token, long maxBytes) {
		String url = this.graph.get(token, Map.of(), mediaId).path("url").asString("");
		if (!url.startsWith("https://") && !url.startsWith("http://")) {
			throw new BadGatewayException("WhatsApp gave no URL for the media.");
		}
		try {
			return this.downloads.get()
				.uri(URI.create(url))
				.header("Authorization", "Bearer " + token)
				.exchange((request, response) -> {
					if (!response.getStatusCode().is2xxSuccessful()) {
						throw new BadGatewayException(
								"WhatsApp answered " + response.getStatusCode().value() + " to the media download.");
					}
					byte[] bytes = response.getBody().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
					if (bytes.length > maxBytes) {
						throw new PayloadTooLargeException(maxBytes);
					}
					return bytes;
				}, true);
		}
		catch (BadGatewayException | PayloadTooLargeException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			// the exception's text may quote the URL or a header: it goes nowhere
			throw new BadGatewayException("WhatsApp could not be reached for the media download.");
		}
	}

	/**
	 * Sends a message object from the phone number.
	 * @return the message's wamid
	 * @throws GraphException when Graph refuses or cannot be reached
	 */
	String send(String phoneNumberId, String token, JsonNode body) {
		return this.graph.post(token, Map.of(), body, phoneNumberId, "messages")
			.path("messages")
			.path(0)
			.path("id")
			.asString(null);
	}

	/**
	 * Marks an inbound message (and those before it) read.
	 */
	void markRead(String phoneNumberId, String token, String wamid) {
		this.graph.post(token, Map.of(),
				JsonNodeFactory.instance.objectNode()
					.put("messaging_product", "whatsapp")
					.put("status", "read")
					.put("message_id", wamid),
				phoneNumberId, "messages");
	}

}

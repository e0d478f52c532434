package dev.switchboard.source.whatsapp;

import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

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

	WhatsAppGraph(RestClient.Builder http, WhatsAppProperties properties, JsonMapper json) {
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

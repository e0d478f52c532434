package dev.switchboard.source.whatsapp;

import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.switchboard.source.meta.GraphApi;
import dev.switchboard.source.meta.GraphException;
import dev.switchboard.source.meta.MetaApp;
import dev.switchboard.source.meta.MetaApps;

/**
 * The Graph API calls of the WhatsApp Cloud API. Connecting uses the workspace's own app
 * where its integration names one; the properties (resolved against Facebook's) are the
 * defaults.
 */
class WhatsAppGraph {

	static final String CHANNEL_TYPE = "whatsapp";

	private final MetaApps apps;

	private final WhatsAppProperties properties;

	private final MetaApp defaults;

	WhatsAppGraph(MetaApps apps, WhatsAppProperties properties) {
		this.apps = apps;
		this.properties = properties;
		this.defaults = new MetaApp(properties.appId(), properties.appSecret(), properties.verifyToken(),
				properties.graphApiUrl());
		apps.useDefaults(CHANNEL_TYPE, this.defaults);
	}

	WhatsAppProperties properties() {
		return this.properties;
	}

	/** The app of the properties. */
	MetaApp defaults() {
		return this.defaults;
	}

	private GraphApi graph(UUID workspaceId) {
		return this.apps.graph(this.apps.app(workspaceId, CHANNEL_TYPE, this.defaults));
	}

	/**
	 * A long-lived token for the given one when the workspace's app id and secret are
	 * known; the given token otherwise.
	 */
	String longLived(UUID workspaceId, String token) {
		MetaApp app = this.apps.app(workspaceId, CHANNEL_TYPE, this.defaults);
		if (!app.canExchangeTokens()) {
			return token;
		}
		return this.apps.graph(app).longLived(app.appId(), app.appSecret(), token);
	}

	/**
	 * The phone number, read with the token (which checks it).
	 */
	JsonNode phoneNumber(UUID workspaceId, String phoneNumberId, String token) {
		return graph(workspaceId).get(token, Map.of("fields", "display_phone_number,verified_name"), phoneNumberId);
	}

	/**
	 * Registers the number for the Cloud API ({@code POST /{phone_number_id}/register}),
	 * with its two-step verification PIN when given.
	 */
	void register(UUID workspaceId, String phoneNumberId, String token, String pin) {
		ObjectNode body = JsonNodeFactory.instance.objectNode().put("messaging_product", "whatsapp");
		if (pin != null) {
			body.put("pin", pin);
		}
		graph(workspaceId).post(token, Map.of(), body, phoneNumberId, "register");
	}

	/**
	 * Subscribes our app to the WhatsApp Business Account's webhooks.
	 */
	void subscribe(UUID workspaceId, String wabaId, String token) {
		graph(workspaceId).post(token, Map.of(), null, wabaId, "subscribed_apps");
	}

	/**
	 * Sends a message object from the phone number.
	 * @return the message's wamid
	 * @throws GraphException when Graph refuses or cannot be reached
	 */
	String send(String phoneNumberId, String token, JsonNode body) {
		return this.apps.graph(this.defaults)
			.post(token, Map.of(), body, phoneNumberId, "messages")
			.path("messages")
			.path(0)
			.path("id")
			.asString(null);
	}

	/**
	 * Marks an inbound message (and those before it) read.
	 */
	void markRead(String phoneNumberId, String token, String wamid) {
		this.apps.graph(this.defaults)
			.post(token, Map.of(),
					JsonNodeFactory.instance.objectNode()
						.put("messaging_product", "whatsapp")
						.put("status", "read")
						.put("message_id", wamid),
					phoneNumberId, "messages");
	}

}

package dev.switchboard.source.whatsapp;

import java.net.URI;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.switchboard.common.error.PayloadTooLargeException;
import dev.switchboard.source.meta.BadGatewayException;
import dev.switchboard.source.meta.GraphApi;
import dev.switchboard.source.meta.GraphException;
import dev.switchboard.source.meta.MetaApp;
import dev.switchboard.source.meta.MetaApps;

import org.springframework.web.client.RestClient;

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

	private final RestClient downloads;

	WhatsAppGraph(MetaApps apps, WhatsAppProperties properties, RestClient.Builder http) {
		this.apps = apps;
		// media are downloaded from the URL Graph gives, not under its base URL
		this.downloads = http.clone().build();
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
	 * How the phone number is registered: {@code platform_type} ({@code CLOUD_API} when
	 * it can be used here) and its {@code status}.
	 */
	JsonNode registration(String phoneNumberId, String token) {
		return this.apps.graph(this.defaults)
			.get(token, Map.of("fields", "platform_type,status,code_verification_status"), phoneNumberId);
	}

	/**
	 * Downloads a media the contact sent: Graph gives its URL (and type) for its id, and
	 * the URL takes the same token.
	 * @throws GraphException when Graph refuses the media id
	 * @throws BadGatewayException when the download fails
	 * @throws PayloadTooLargeException when the file is larger than {@code maxBytes}
	 */
	byte[] media(String mediaId, String token, long maxBytes) {
		String url = this.apps.graph(this.defaults).get(token, Map.of(), mediaId).path("url").asString("");
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

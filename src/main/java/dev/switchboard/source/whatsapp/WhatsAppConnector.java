package dev.switchboard.source.whatsapp;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import dev.switchboard.channel.ChannelConnector;
import dev.switchboard.channel.ChannelRegistration;
import dev.switchboard.channel.ConnectorCheck;
import dev.switchboard.common.security.CurrentMember;
import dev.switchboard.common.security.PlatformToken;
import dev.switchboard.source.meta.GraphException;

import org.springframework.stereotype.Component;

/**
 * Connects WhatsApp phone numbers: the user token is made long-lived and checked by
 * reading the phone number; given the WhatsApp Business Account, the number is also
 * registered for the Cloud API and the account subscribed to our webhooks, all before
 * anything is stored.
 */
@Component
class WhatsAppConnector implements ChannelConnector<WhatsAppConnector.ConnectRequest> {

	static final String SOURCE = "whatsapp";

	private final WhatsAppGraph graph;

	WhatsAppConnector(WhatsAppGraph graph) {
		this.graph = graph;
	}

	@Override
	public String source() {
		return SOURCE;
	}

	@Override
	public Class<ConnectRequest> requestType() {
		return ConnectRequest.class;
	}

	@Override
	public ChannelRegistration register(ConnectRequest request) {
		UUID workspaceId = CurrentMember.workspaceId();
		String token;
		JsonNode number;
		try {
			token = this.graph.longLived(workspaceId, request.userToken());
			number = this.graph.phoneNumber(workspaceId, request.phoneNumberId(), token);
			if (request.wabaId() != null) {
				this.graph.register(workspaceId, request.phoneNumberId(), token, request.pin());
				this.graph.subscribe(workspaceId, request.wabaId(), token);
			}
		}
		catch (GraphException ex) {
			throw ex.toConnectError("WhatsApp");
		}
		Map<String, String> settings = new LinkedHashMap<>();
		settings.put("phone_number_id", request.phoneNumberId());
		if (request.wabaId() != null) {
			settings.put("waba_id", request.wabaId());
		}
		String name = (request.name() != null && !request.name().isBlank()) ? request.name().trim()
				: number.path("verified_name")
					.asString(number.path("display_phone_number").asString("WhatsApp " + request.phoneNumberId()));
		return new ChannelRegistration(request.phoneNumberId(), name, request.imageUrl(), Map.of("access_token", token),
				settings);
	}

	@Override
	public String webhookPath() {
		return "/whatsapp";
	}

	/**
	 * The token reads the phone number; the number is registered with the Cloud API.
	 */
	@Override
	public List<ConnectorCheck> checks(Installed channel) {
		String number = channel.sourceChannelId();
		String token = token(channel.credentials());
		return List.of(new ConnectorCheck("token_valid", true, () -> {
			ask(() -> this.graph.phoneNumber(null, number, token));
			return "The token reads the phone number.";
		}), new ConnectorCheck("number_registered", false, () -> {
			JsonNode registration = ask(() -> this.graph.registration(number, token));
			String platform = registration.path("platform_type").asString("");
			String status = registration.path("status").asString("unknown");
			if (!"CLOUD_API".equals(platform)) {
				throw new ConnectorCheck.Failed("The number is not registered with the Cloud API (platform "
						+ (platform.isEmpty() ? "unknown" : platform) + ", status " + status + ").");
			}
			return "The number is registered with the Cloud API (status " + status + ").";
		}));
	}

	private static <T> T ask(Supplier<T> call) {
		try {
			return call.get();
		}
		catch (GraphException ex) {
			throw new ConnectorCheck.Failed(ex.toConnectError("WhatsApp").getMessage());
		}
	}

	@Override
	public String accountKey(String sourceChannelId) {
		return "wa-" + sourceChannelId;
	}

	/**
	 * The account's {@code access_token} is the connect request's user token.
	 */
	@Override
	public JsonNode accountRequest(ObjectNode config, String displayName) {
		ObjectNode request = (ObjectNode) ChannelConnector.super.accountRequest(config, displayName);
		if (request.has("access_token") && !request.has("user_token")) {
			request.set("user_token", request.remove("access_token"));
		}
		return request;
	}

	/**
	 * The credentials the sender and read marks use; connected before accounts, a
	 * channel's token was named {@code token}.
	 */
	static String token(Map<String, String> credentials) {
		return credentials.getOrDefault("access_token", credentials.get("token"));
	}

	record ConnectRequest(
			@NotBlank @Pattern(regexp = "\\d{1,32}",
					message = "must be a numeric phone number id") String phoneNumberId,
			@PlatformToken String userToken, @Size(max = 200) String name,
			@Size(max = 2048) @Pattern(regexp = "https?://\\S+", message = "must be an http(s) URL") String imageUrl,
			@Pattern(regexp = "\\d{1,32}", message = "must be a numeric WhatsApp Business Account id") String wabaId,
			@Pattern(regexp = "\\d{6}", message = "must be the 6-digit two-step verification PIN") String pin) {

		@Override
		public String toString() {
			return "ConnectRequest[phoneNumberId=" + this.phoneNumberId + ", wabaId=" + this.wabaId + "]";
		}

	}

}

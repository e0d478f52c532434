package dev.switchboard.source.whatsapp;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import tools.jackson.databind.JsonNode;

import dev.switchboard.channel.ChannelConnector;
import dev.switchboard.channel.ChannelRegistration;
import dev.switchboard.channel.ConnectorCheck;
import dev.switchboard.common.security.PlatformToken;
import dev.switchboard.source.meta.GraphException;

import org.springframework.stereotype.Component;

/**
 * Connects WhatsApp phone numbers: the user token is made long-lived and checked by
 * reading the phone number.
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
		String token;
		try {
			token = this.graph.longLived(request.userToken());
			this.graph.phoneNumber(request.phoneNumberId(), token);
		}
		catch (GraphException ex) {
			throw ex.toConnectError("WhatsApp");
		}
		return new ChannelRegistration(request.phoneNumberId(), request.name().trim(), request.imageUrl(),
				Map.of("token", token), Map.of());
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
		String token = channel.credentials().get("token");
		return List.of(new ConnectorCheck("token_valid", true, () -> {
			ask(() -> this.graph.phoneNumber(number, token));
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

	record ConnectRequest(
			@NotBlank @Pattern(regexp = "\\d{1,32}",
					message = "must be a numeric phone number id") String phoneNumberId,
			@PlatformToken String userToken, @NotBlank @Size(max = 200) String name,
			@Size(max = 2048) @Pattern(regexp = "https?://\\S+", message = "must be an http(s) URL") String imageUrl) {

		@Override
		public String toString() {
			return "ConnectRequest[phoneNumberId=" + this.phoneNumberId + "]";
		}

	}

}

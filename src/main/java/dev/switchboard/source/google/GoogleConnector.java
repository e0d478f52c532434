package dev.switchboard.source.google;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import dev.switchboard.channel.ChannelConnector;
import dev.switchboard.channel.ChannelRegistration;

import org.springframework.stereotype.Component;

/**
 * Connects Business Messages agents: the partner's credentials are configuration, so a
 * channel is just an agent id.
 */
@Component
class GoogleConnector implements ChannelConnector<GoogleConnector.ConnectRequest> {

	static final String SOURCE = "google";

	private static final String AGENT_ID = "must be the agent id: the last part of brands/…/agents/<id>";

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
		return ChannelRegistration.withoutSecrets(request.gbmId(), request.name().trim(), request.imageUrl());
	}

	@Override
	public String webhookPath() {
		return GoogleWebhookController.PATH;
	}

	record ConnectRequest(
			@NotNull(message = AGENT_ID) @Size(max = 128) @Pattern(regexp = "[A-Za-z0-9._-]+",
					message = AGENT_ID) String gbmId,
			@NotBlank @Size(max = 200) String name,
			@Size(max = 2048) @Pattern(regexp = "https?://\\S+", message = "must be an http(s) URL") String imageUrl) {
	}

}

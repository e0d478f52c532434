package dev.switchboard.source.chatplugin;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import dev.switchboard.channel.ChannelConnector;
import dev.switchboard.channel.ChannelRegistration;

import org.springframework.stereotype.Component;

/**
 * Connects chat plugin channels: no platform to ask, the name is the channel's platform
 * id.
 */
@Component
class ChatPluginConnector implements ChannelConnector<ChatPluginConnector.ConnectRequest> {

	static final String SOURCE = "chatplugin";

	@Override
	public String source() {
		return SOURCE;
	}

	@Override
	public Class<ConnectRequest> requestType() {
		return ConnectRequest.class;
	}

	/**
	 * A chat plugin channel is named by its workspace: two workspaces may use one name.
	 */
	@Override
	public boolean accountsAreGlobal() {
		return false;
	}

	@Override
	public ChannelRegistration register(ConnectRequest request) {
		String name = request.name().trim();
		return ChannelRegistration.withoutSecrets(name, name, request.imageUrl());
	}

	record ConnectRequest(@NotBlank @Size(max = 200) String name,
			@Size(max = 2048) @Pattern(regexp = "https?://\\S+", message = "must be an http(s) URL") String imageUrl) {
	}

}

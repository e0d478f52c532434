package dev.switchboard.source.chatplugin;

import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import dev.switchboard.channel.ChannelService;
import dev.switchboard.channel.ChannelView;
import dev.switchboard.common.security.AdminOnly;
import dev.switchboard.common.web.Empty;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code channels.chatplugin.connect} and {@code channels.chatplugin.disconnect}.
 */
@RestController
@AdminOnly
class ChatPluginChannelController {

	private final ChannelService channels;

	private final ChatPluginConnector connector;

	ChatPluginChannelController(ChannelService channels, ChatPluginConnector connector) {
		this.channels = channels;
		this.connector = connector;
	}

	@PostMapping("/channels.chatplugin.connect")
	ChannelView connect(@Valid @RequestBody ChatPluginConnector.ConnectRequest request) {
		return this.channels.connect(this.connector, request);
	}

	@PostMapping("/channels.chatplugin.disconnect")
	ResponseEntity<Empty> disconnect(@Valid @RequestBody DisconnectRequest request) {
		boolean now = this.channels.disconnect(ChatPluginConnector.SOURCE, request.channelId());
		return ResponseEntity.status(now ? HttpStatus.OK : HttpStatus.ACCEPTED).body(Empty.INSTANCE);
	}

	record DisconnectRequest(@NotNull UUID channelId) {
	}

}

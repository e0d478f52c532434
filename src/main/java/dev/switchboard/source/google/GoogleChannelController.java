package dev.switchboard.source.google;

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
 * {@code channels.google.connect} and {@code channels.google.disconnect}.
 */
@RestController
@AdminOnly
class GoogleChannelController {

	private final ChannelService channels;

	private final GoogleConnector connector;

	GoogleChannelController(ChannelService channels, GoogleConnector connector) {
		this.channels = channels;
		this.connector = connector;
	}

	@PostMapping("/channels.google.connect")
	ChannelView connect(@Valid @RequestBody GoogleConnector.ConnectRequest request) {
		return this.channels.connect(this.connector, request);
	}

	@PostMapping("/channels.google.disconnect")
	ResponseEntity<Empty> disconnect(@Valid @RequestBody DisconnectRequest request) {
		boolean now = this.channels.disconnect(GoogleConnector.SOURCE, request.channelId());
		return ResponseEntity.status(now ? HttpStatus.OK : HttpStatus.ACCEPTED).body(Empty.INSTANCE);
	}

	record DisconnectRequest(@NotNull UUID channelId) {
	}

}

package dev.switchboard.source.facebook;

import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import dev.switchboard.channel.ChannelConnector.ExploredAccount;
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
 * {@code channels.facebook.connect/disconnect/explore} and
 * {@code channels.instagram.connect/disconnect}.
 */
@RestController
@AdminOnly
class FacebookChannelController {

	private final ChannelService channels;

	private final FacebookConnector facebook;

	private final InstagramConnector instagram;

	FacebookChannelController(ChannelService channels, FacebookConnector facebook, InstagramConnector instagram) {
		this.channels = channels;
		this.facebook = facebook;
		this.instagram = instagram;
	}

	@PostMapping("/channels.facebook.connect")
	ChannelView connectFacebook(@Valid @RequestBody FacebookConnector.ConnectRequest request) {
		return this.channels.connect(this.facebook, request);
	}

	@PostMapping("/channels.instagram.connect")
	ChannelView connectInstagram(@Valid @RequestBody InstagramConnector.ConnectRequest request) {
		return this.channels.connect(this.instagram, request);
	}

	@PostMapping("/channels.facebook.disconnect")
	ResponseEntity<Empty> disconnectFacebook(@Valid @RequestBody DisconnectRequest request) {
		return disconnected(this.channels.disconnect(FacebookGraph.FACEBOOK, request.channelId()));
	}

	@PostMapping("/channels.instagram.disconnect")
	ResponseEntity<Empty> disconnectInstagram(@Valid @RequestBody DisconnectRequest request) {
		return disconnected(this.channels.disconnect(FacebookGraph.INSTAGRAM, request.channelId()));
	}

	@PostMapping("/channels.facebook.explore")
	ExploreResponse explore(@Valid @RequestBody ExploreRequest request) {
		return new ExploreResponse(this.facebook.explore(request.authToken()));
	}

	private static ResponseEntity<Empty> disconnected(boolean now) {
		return ResponseEntity.status(now ? HttpStatus.OK : HttpStatus.ACCEPTED).body(Empty.INSTANCE);
	}

	record DisconnectRequest(@NotNull UUID channelId) {
	}

	record ExploreRequest(@NotBlank @Size(max = 4096) String authToken) {

		@Override
		public String toString() {
			return "ExploreRequest[]";
		}

	}

	record ExploreResponse(List<ExploredAccount> data) {
	}

}

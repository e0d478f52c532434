package dev.switchboard.source.whatsapp;

import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import dev.switchboard.channel.ChannelService;
import dev.switchboard.channel.ChannelView;
import dev.switchboard.common.security.AdminOnly;
import dev.switchboard.common.web.Empty;
import dev.switchboard.source.meta.MetaWebhooks;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code channels.whatsapp.connect/disconnect} (admins) and the public {@code /whatsapp}
 * webhook.
 */
@RestController
class WhatsAppController {

	private final ChannelService channels;

	private final WhatsAppConnector connector;

	private final MetaWebhooks webhooks;

	private final WhatsAppProperties properties;

	WhatsAppController(ChannelService channels, WhatsAppConnector connector, MetaWebhooks webhooks,
			WhatsAppGraph graph) {
		this.channels = channels;
		this.connector = connector;
		this.webhooks = webhooks;
		this.properties = graph.properties();
	}

	@AdminOnly
	@PostMapping("/channels.whatsapp.connect")
	ChannelView connect(@Valid @RequestBody WhatsAppConnector.ConnectRequest request) {
		return this.channels.connect(this.connector, request);
	}

	@AdminOnly
	@PostMapping("/channels.whatsapp.disconnect")
	ResponseEntity<Empty> disconnect(@Valid @RequestBody DisconnectRequest request) {
		boolean now = this.channels.disconnect(WhatsAppConnector.SOURCE, request.channelId());
		return ResponseEntity.status(now ? HttpStatus.OK : HttpStatus.ACCEPTED).body(Empty.INSTANCE);
	}

	@GetMapping("/whatsapp")
	ResponseEntity<String> verify(@RequestParam(name = "hub.mode", required = false) String mode,
			@RequestParam(name = "hub.verify_token", required = false) String verifyToken,
			@RequestParam(name = "hub.challenge", required = false) String challenge) {
		return this.webhooks.verify(mode, verifyToken, challenge, this.properties.verifyToken());
	}

	@PostMapping("/whatsapp")
	ResponseEntity<Void> receive(@RequestBody(required = false) byte[] body,
			@RequestHeader(name = "X-Hub-Signature-256", required = false) String signature,
			@RequestHeader(name = "Content-Type", required = false) String contentType) {
		return this.webhooks.receive(WhatsAppConnector.SOURCE, this.properties.appSecret(),
				(body != null) ? body : new byte[0], signature, contentType);
	}

	record DisconnectRequest(@NotNull UUID channelId) {
	}

}

package dev.switchboard.source.twilio;

import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import dev.switchboard.channel.ChannelService;
import dev.switchboard.channel.ChannelView;
import dev.switchboard.common.security.AdminOnly;
import dev.switchboard.common.web.Empty;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code channels.twilio.sms.*} and {@code channels.twilio.whatsapp.*}: connect and
 * disconnect.
 */
@RestController
@AdminOnly
class TwilioChannelController {

	private final ChannelService channels;

	private final TwilioConnector sms;

	private final TwilioConnector whatsapp;

	TwilioChannelController(ChannelService channels, @Qualifier("twilioSmsConnector") TwilioConnector sms,
			@Qualifier("twilioWhatsappConnector") TwilioConnector whatsapp) {
		this.channels = channels;
		this.sms = sms;
		this.whatsapp = whatsapp;
	}

	@PostMapping("/channels.twilio.sms.connect")
	ChannelView connectSms(@Valid @RequestBody TwilioConnector.ConnectRequest request) {
		return this.channels.connect(this.sms, request);
	}

	@PostMapping("/channels.twilio.sms.disconnect")
	ResponseEntity<Empty> disconnectSms(@Valid @RequestBody DisconnectRequest request) {
		return disconnect(Flavour.SMS, request);
	}

	@PostMapping("/channels.twilio.whatsapp.connect")
	ChannelView connectWhatsapp(@Valid @RequestBody TwilioConnector.ConnectRequest request) {
		return this.channels.connect(this.whatsapp, request);
	}

	@PostMapping("/channels.twilio.whatsapp.disconnect")
	ResponseEntity<Empty> disconnectWhatsapp(@Valid @RequestBody DisconnectRequest request) {
		return disconnect(Flavour.WHATSAPP, request);
	}

	private ResponseEntity<Empty> disconnect(Flavour flavour, DisconnectRequest request) {
		boolean now = this.channels.disconnect(flavour.source(), request.channelId());
		return ResponseEntity.status(now ? HttpStatus.OK : HttpStatus.ACCEPTED).body(Empty.INSTANCE);
	}

	record DisconnectRequest(@NotNull UUID channelId) {
	}

}

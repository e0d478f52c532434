package dev.switchboard.source.twilio;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import dev.switchboard.channel.ChannelConnector;
import dev.switchboard.channel.ChannelRegistration;

/**
 * Connects Twilio SMS or WhatsApp channels: the account's credentials are configuration,
 * so a channel is just one of its phone numbers.
 */
class TwilioConnector implements ChannelConnector<TwilioConnector.ConnectRequest> {

	static final String E164 = "must be an E.164 phone number: + and 8 to 15 digits, no spaces";

	private final Flavour flavour;

	TwilioConnector(Flavour flavour) {
		this.flavour = flavour;
	}

	@Override
	public String source() {
		return this.flavour.source();
	}

	@Override
	public Class<ConnectRequest> requestType() {
		return ConnectRequest.class;
	}

	@Override
	public ChannelRegistration register(ConnectRequest request) {
		return ChannelRegistration.withoutSecrets(this.flavour.address(request.phoneNumber()), request.name().trim(),
				request.imageUrl());
	}

	@Override
	public String webhookPath() {
		return TwilioWebhookController.PATH;
	}

	record ConnectRequest(
			@NotNull(message = E164) @Pattern(regexp = "\\+[0-9]{8,15}", message = E164) String phoneNumber,
			@NotBlank @Size(max = 200) String name,
			@Size(max = 2048) @Pattern(regexp = "https?://\\S+", message = "must be an http(s) URL") String imageUrl) {
	}

}

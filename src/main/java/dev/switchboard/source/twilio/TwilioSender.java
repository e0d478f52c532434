package dev.switchboard.source.twilio;

import java.util.Map;
import java.util.Optional;

import tools.jackson.databind.JsonNode;

import dev.switchboard.common.web.SwitchboardProperties;
import dev.switchboard.message.MessageContent;
import dev.switchboard.message.MessageSender;
import dev.switchboard.message.OutboundMessage;
import dev.switchboard.message.SendResult;
import dev.switchboard.source.PlatformHttp;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClientException;

/**
 * Sends SMS/MMS or WhatsApp messages through Twilio's Messages API, asking for status
 * callbacks on {@code /twilio}. Twilio's message sid becomes {@code metadata.source.id}.
 */
class TwilioSender implements MessageSender {

	private final Flavour flavour;

	private final TwilioClient client;

	private final TwilioProperties properties;

	private final SwitchboardProperties switchboard;

	TwilioSender(Flavour flavour, TwilioClient client, TwilioProperties properties, SwitchboardProperties switchboard) {
		this.flavour = flavour;
		this.client = client;
		this.properties = properties;
		this.switchboard = switchboard;
	}

	@Override
	public String source() {
		return this.flavour.source();
	}

	@Override
	public boolean canStartConversations() {
		return true;
	}

	@Override
	public Optional<String> refuse(MessageContent content) {
		return switch (content) {
			case MessageContent.Text text -> Optional.empty();
			case MessageContent.Media media -> Optional.empty();
			case MessageContent.SourcePayload payload -> {
				for (Map.Entry<String, JsonNode> field : payload.payload().properties()) {
					if (!isFormValue(field.getValue())) {
						yield Optional.of("a source payload holds Twilio's form parameters, each a string or a list "
								+ "of strings ('" + field.getKey() + "' is not)");
					}
				}
				yield Optional.empty();
			}
			case MessageContent.Template template -> Optional.of("Twilio sends WhatsApp templates by content sid: send "
					+ "{\"source_payload\": {\"ContentSid\": \"HX…\", \"ContentVariables\": \"{…}\"}}");
			case MessageContent.Location location -> refusal();
			case MessageContent.Postback postback -> refusal();
			case MessageContent.Unsupported unsupported -> refusal();
		};
	}

	private static Optional<String> refusal() {
		return Optional.of("Twilio carries text, media attachments and source payloads");
	}

	@Override
	public SendResult send(OutboundMessage message) {
		if (!this.properties.configured()) {
			return new SendResult.Failed(
					"Twilio is not configured: set switchboard.sources.twilio.account-sid and auth-token.", null);
		}
		PlatformHttp.Answer answer;
		try {
			answer = this.client.createMessage(form(message));
		}
		catch (RestClientException ex) {
			return new SendResult.Retry(
					"Twilio could not be reached: " + NestedExceptionUtils.getMostSpecificCause(ex).getMessage(), null);
		}
		String code = answer.text("code");
		if (answer.successful()) {
			String sid = answer.text("sid");
			return (sid != null) ? new SendResult.Delivered(sid)
					: new SendResult.Failed("Twilio accepted the message without giving its sid.", answer.body());
		}
		if (answer.transientFailure() || "20429".equals(code)) {
			return new SendResult.Retry(
					"Twilio answered " + answer.status() + ": " + TwilioErrors.describe(code, answer.text("message")),
					answer.retryAfter());
		}
		return new SendResult.Failed(TwilioErrors.describe(code, answer.text("message")), answer.body());
	}

	private MultiValueMap<String, String> form(OutboundMessage message) {
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		switch (message.content()) {
			case MessageContent.SourcePayload payload -> {
				for (Map.Entry<String, JsonNode> field : payload.payload().properties()) {
					if (field.getValue().isArray()) {
						field.getValue().forEach((value) -> form.add(field.getKey(), value.asString()));
					}
					else {
						form.add(field.getKey(), field.getValue().asString());
					}
				}
			}
			case MessageContent.Text text -> form.set("Body", text.text());
			case MessageContent.Media media -> {
				if (media.text() != null) {
					form.set("Body", media.text());
				}
				form.set("MediaUrl", media.url());
			}
			case MessageContent.Template template -> throw unsendable(template);
			case MessageContent.Location location -> throw unsendable(location);
			case MessageContent.Postback postback -> throw unsendable(postback);
			case MessageContent.Unsupported unsupported -> throw unsendable(unsupported);
		}
		form.set("To", this.flavour.address(message.recipientId()));
		form.set("From", message.sourceChannelId());
		form.set("StatusCallback", this.switchboard.publicUrl() + TwilioWebhookController.PATH);
		return form;
	}

	private static IllegalArgumentException unsendable(MessageContent content) {
		return new IllegalArgumentException("Twilio cannot send " + content.type() + " content");
	}

	private static boolean isFormValue(JsonNode value) {
		if (value.isString()) {
			return true;
		}
		if (!value.isArray() || value.isEmpty()) {
			return false;
		}
		for (JsonNode item : value) {
			if (!item.isString()) {
				return false;
			}
		}
		return true;
	}

}

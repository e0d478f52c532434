package dev.switchboard.source.google;

import java.util.Optional;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.switchboard.message.MessageContent;
import dev.switchboard.message.MessageSender;
import dev.switchboard.message.OutboundMessage;
import dev.switchboard.message.SendResult;
import dev.switchboard.source.PlatformHttp;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Sends agent replies as a human representative through the Business Messages API. Our
 * message id is the {@code messageId}, so a retried send that Google already took is
 * recognised (409) and receipts name our messages.
 */
class GoogleSender implements MessageSender {

	private final RestClient rest;

	private final GoogleAccessTokens tokens;

	private final JsonMapper json;

	GoogleSender(GoogleProperties properties, RestClient.Builder http, GoogleAccessTokens tokens, JsonMapper json) {
		this.rest = http.baseUrl(properties.apiUrl()).build();
		this.tokens = tokens;
		this.json = json;
	}

	@Override
	public String source() {
		return GoogleConnector.SOURCE;
	}

	@Override
	public Optional<String> refuse(MessageContent content) {
		return switch (content) {
			case MessageContent.Text text -> Optional.empty();
			case MessageContent.SourcePayload payload -> Optional.empty();
			case MessageContent.Image image -> (image.text() != null)
					? Optional.of("Business Messages images have no caption; send the text as its own message")
					: Optional.empty();
			case MessageContent.Video video -> refusal();
			case MessageContent.Audio audio -> refusal();
			case MessageContent.File file -> refusal();
			case MessageContent.Location location -> refusal();
			case MessageContent.Postback postback -> refusal();
			case MessageContent.Template template -> refusal();
			case MessageContent.Unsupported unsupported -> refusal();
		};
	}

	private static Optional<String> refusal() {
		return Optional.of("Business Messages carries text, images and source payloads");
	}

	@Override
	public SendResult send(OutboundMessage message) {
		String token;
		try {
			token = this.tokens.get();
		}
		catch (GoogleAccessTokens.TokenException ex) {
			return ex.worthRetrying() ? new SendResult.Retry(ex.getMessage(), null)
					: new SendResult.Failed(ex.getMessage(), null);
		}
		String messageId = message.messageId().toString();
		PlatformHttp.Answer answer;
		try {
			answer = this.rest.post()
				.uri("/v1/conversations/{conversationId}/messages", message.recipientId())
				.headers((headers) -> headers.setBearerAuth(token))
				.contentType(MediaType.APPLICATION_JSON)
				.accept(MediaType.APPLICATION_JSON)
				.body(this.json.writeValueAsString(body(message, messageId)))
				.exchange((request, response) -> PlatformHttp.answer(response, this.json));
		}
		catch (RestClientException ex) {
			return new SendResult.Retry(
					"Google could not be reached: " + NestedExceptionUtils.getMostSpecificCause(ex).getMessage(), null);
		}
		if (answer.successful() || answer.status() == 409) {
			// 409: Google already has a message with this id, from an earlier attempt
			return new SendResult.Delivered(messageId);
		}
		String reason = "Google Business Messages refused the message (" + answer.status()
				+ ((answer.text("error", "message") != null) ? ": " + answer.text("error", "message") : "") + ")";
		if (answer.status() == 401) {
			this.tokens.refused(token);
			return new SendResult.Retry(reason + "; a new access token will be fetched", null);
		}
		if (answer.transientFailure()) {
			return new SendResult.Retry(reason, answer.retryAfter());
		}
		return new SendResult.Failed(reason, answer.body());
	}

	private ObjectNode body(OutboundMessage message, String messageId) {
		MessageContent content = message.content();
		ObjectNode body = (content instanceof MessageContent.SourcePayload payload)
				? ((ObjectNode) payload.payload()).deepCopy() : this.json.createObjectNode();
		body.put("messageId", messageId);
		if (!body.has("representative")) {
			body.putObject("representative").put("representativeType", "HUMAN");
		}
		if (content instanceof MessageContent.Text text) {
			body.put("text", text.text());
		}
		else if (content instanceof MessageContent.Image image) {
			ObjectNode info = body.putObject("image").putObject("contentInfo").put("fileUrl", image.url());
			if (image.name() != null) {
				info.put("altText", image.name());
			}
		}
		return body;
	}

}

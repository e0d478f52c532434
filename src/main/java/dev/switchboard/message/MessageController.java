package dev.switchboard.message;

import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import tools.jackson.databind.JsonNode;

import dev.switchboard.common.error.BadRequestException;
import dev.switchboard.common.pagination.Page;
import dev.switchboard.common.pagination.PageRequest;
import dev.switchboard.common.security.Action;
import dev.switchboard.common.security.Endpoint;
import dev.switchboard.message.MessageService.SendCommand;

import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code messages.list}, {@code messages.send} and {@code messages.resend}, open to every
 * role.
 */
@RestController
class MessageController {

	private final MessageService messages;

	MessageController(MessageService messages) {
		this.messages = messages;
	}

	@Endpoint(action = Action.VIEW, resource = "/workspaces/{ws}/conversations/{conversation_id}/messages")
	@PostMapping("/messages.list")
	Page<MessageView> list(@Valid @RequestBody ListRequest request) {
		return this.messages.list(request.conversationId(), new PageRequest(request.cursor(), request.pageSize()),
				"desc".equals(request.order()));
	}

	@Endpoint(action = Action.CREATE, resource = "/workspaces/{ws}/channels/{channel_id}/messages")
	@PostMapping("/messages.send")
	MessageView send(@Valid @RequestBody SendRequest request,
			@RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
			Authentication authentication) {
		String key = (idempotencyKey != null) ? idempotencyKey : request.clientMessageId();
		if (key != null && (key.isBlank() || key.length() > 255)) {
			throw new BadRequestException("The idempotency key must be 1 to 255 characters.");
		}
		return this.messages.send(UUID.fromString(authentication.getName()), new SendCommand(request.conversationId(),
				request.channelId(), request.channel(), request.sourceRecipientId(), request.message(), key, null));
	}

	@Endpoint(action = Action.UPDATE, resource = "/workspaces/{ws}/messages/{message_id}")
	@PostMapping("/messages.resend")
	MessageView resend(@Valid @RequestBody ResendRequest request) {
		return this.messages.resend(request.messageId());
	}

	record ListRequest(@NotNull UUID conversationId, @Size(max = 1024) String cursor,
			@Min(1) @Max(1000) Integer pageSize,
			@Pattern(regexp = "asc|desc", message = "must be asc or desc") String order) {
	}

	record SendRequest(UUID conversationId, UUID channelId, @Size(max = 32) String channel,
			@Size(max = 256) String sourceRecipientId, @NotNull JsonNode message, String clientMessageId) {
	}

	record ResendRequest(@NotNull UUID messageId) {
	}

}

package dev.switchboard.source.chatplugin;

import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import tools.jackson.databind.JsonNode;

import dev.switchboard.common.error.BadRequestException;
import dev.switchboard.common.pagination.Page;
import dev.switchboard.common.pagination.PageRequest;
import dev.switchboard.common.security.Action;
import dev.switchboard.common.security.Audience;
import dev.switchboard.common.security.Endpoint;
import dev.switchboard.common.web.ClientAddress;
import dev.switchboard.message.MessageView;
import dev.switchboard.source.chatplugin.ChatPluginService.Session;
import dev.switchboard.source.chatplugin.VisitorTokens.Visitor;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code chatplugin.*}: the website visitor's API, under the visitor security chain.
 */
@RestController
class ChatPluginController {

	private final ChatPluginService chatPlugin;

	ChatPluginController(ChatPluginService chatPlugin) {
		this.chatPlugin = chatPlugin;
	}

	@Endpoint(action = Action.CREATE, resource = "/chatplugin/sessions", audience = Audience.PUBLIC)
	@PostMapping("/chatplugin.authenticate")
	Session authenticate(@Valid @RequestBody AuthenticateRequest request, HttpServletRequest http) {
		if (request.resumeToken() != null) {
			return this.chatPlugin.resume(request.resumeToken(), ClientAddress.of(http));
		}
		if (request.channelId() == null) {
			throw new BadRequestException("Give channel_id to start, or resume_token to resume a conversation.");
		}
		return this.chatPlugin.start(request.channelId(), ClientAddress.of(http));
	}

	@Endpoint(action = Action.CREATE, resource = "/chatplugin/messages", audience = Audience.VISITOR)
	@PostMapping("/chatplugin.send")
	MessageView send(@AuthenticationPrincipal Jwt token, @Valid @RequestBody SendRequest request,
			HttpServletRequest http) {
		return this.chatPlugin.send(Visitor.of(token), request.message(), ClientAddress.of(http));
	}

	@Endpoint(action = Action.VIEW, resource = "/chatplugin/messages", audience = Audience.VISITOR)
	@PostMapping("/chatplugin.messages")
	Page<MessageView> messages(@AuthenticationPrincipal Jwt token,
			@Valid @RequestBody(required = false) PageRequest request) {
		return this.chatPlugin.messages(Visitor.of(token), (request != null) ? request : PageRequest.first());
	}

	@Endpoint(action = Action.CREATE, resource = "/chatplugin/resume-tokens", audience = Audience.VISITOR)
	@PostMapping({ "/chatplugin.resume-token", "/chatplugin.resumeToken" })
	ResumeToken resumeToken(@AuthenticationPrincipal Jwt token) {
		return new ResumeToken(this.chatPlugin.resumeToken(Visitor.of(token)));
	}

	record AuthenticateRequest(UUID channelId, @Size(max = 4096) String resumeToken) {
	}

	record SendRequest(@NotNull JsonNode message) {
	}

	record ResumeToken(String resumeToken) {
	}

}

package dev.switchboard.source.chatplugin;

import java.security.Principal;
import java.util.List;

import dev.switchboard.realtime.StompEndpoint;
import dev.switchboard.source.chatplugin.VisitorTokens.Visitor;

import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.stereotype.Component;

/**
 * {@code /ws.chatplugin}: visitors connect with their visitor token and receive the
 * messages of their own conversation only (their principal is the conversation).
 */
@Component
class VisitorStompEndpoint implements StompEndpoint {

	private final VisitorTokens tokens;

	private final ChatPluginProperties properties;

	VisitorStompEndpoint(VisitorTokens tokens, ChatPluginProperties properties) {
		this.tokens = tokens;
		this.properties = properties;
	}

	@Override
	public String path() {
		return "/ws.chatplugin";
	}

	@Override
	public List<String> allowedOriginPatterns() {
		return this.properties.allowedOrigins();
	}

	@Override
	public Principal authenticate(String token) {
		try {
			Visitor visitor = Visitor.of(this.tokens.visitorDecoder().decode(token));
			return () -> visitor.conversationId().toString();
		}
		catch (JwtException ex) {
			throw new InvalidBearerTokenException("The visitor token is invalid or expired", ex);
		}
	}

	@Override
	public boolean receivesAllEvents() {
		return false;
	}

}

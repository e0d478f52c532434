package dev.switchboard.realtime;

import java.security.Principal;
import java.util.List;
import java.util.UUID;

import dev.switchboard.common.security.MemberAuthentication;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.stereotype.Component;

/**
 * {@code /ws.communication}: agents connect with their user token, checked as on every
 * HTTP endpoint (signature, expiry, the user's current membership), and receive the
 * events of that token's workspace.
 */
@Component
class AgentStompEndpoint implements StompEndpoint {

	private final JwtDecoder decoder;

	private final Converter<Jwt, AbstractAuthenticationToken> users;

	AgentStompEndpoint(JwtDecoder decoder, Converter<Jwt, AbstractAuthenticationToken> users) {
		this.decoder = decoder;
		this.users = users;
	}

	@Override
	public String path() {
		return "/ws.communication";
	}

	@Override
	public List<String> allowedOriginPatterns() {
		return List.of("*");
	}

	@Override
	public Principal authenticate(String token) {
		try {
			if (!(this.users.convert(this.decoder.decode(token)) instanceof MemberAuthentication authentication)) {
				throw new InvalidBearerTokenException("Not a user token");
			}
			return new AgentPrincipal(UUID.randomUUID().toString(), authentication.member());
		}
		catch (JwtException ex) {
			throw new InvalidBearerTokenException("The token is invalid or expired", ex);
		}
	}

	@Override
	public boolean receivesAllEvents() {
		return true;
	}

}

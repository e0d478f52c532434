package dev.switchboard.user;

import java.util.List;
import java.util.UUID;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;

/**
 * Turns a valid user token into an authentication with the user's current role, read from
 * the database: a role change or a removed user takes effect at once, not when old tokens
 * expire.
 */
@Component
class UserAuthenticationConverter implements Converter<Jwt, AbstractAuthenticationToken> {

	private final UserRepository users;

	UserAuthenticationConverter(UserRepository users) {
		this.users = users;
	}

	@Override
	public AbstractAuthenticationToken convert(Jwt jwt) {
		UUID id;
		try {
			id = UUID.fromString(jwt.getSubject());
		}
		catch (IllegalArgumentException | NullPointerException ex) {
			throw new InvalidBearerTokenException("The token does not name a user.");
		}
		User user = this.users.findById(id)
			.filter(User::isActive)
			.orElseThrow(() -> new InvalidBearerTokenException("The token's user no longer exists."));
		if (!user.acceptsTokenIssuedAt(jwt.getIssuedAt())) {
			throw new InvalidBearerTokenException("The token was revoked by a password change.");
		}
		return new JwtAuthenticationToken(jwt, List.of(new SimpleGrantedAuthority(user.getRole().authority())),
				id.toString());
	}

}

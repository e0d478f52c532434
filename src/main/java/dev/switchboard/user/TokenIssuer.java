package dev.switchboard.user;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import dev.switchboard.common.security.AuthProperties;
import dev.switchboard.common.security.Role;

import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.stereotype.Component;

/**
 * Issues user tokens: HS256 JWTs with {@code sub} (user id), {@code workspace_id} (the
 * workspace the token acts in), {@code role} (informational: the role is read per
 * request), {@code iat} and {@code exp}.
 */
@Component
class TokenIssuer {

	static final String WORKSPACE_CLAIM = "workspace_id";

	private final JwtEncoder encoder;

	private final AuthProperties properties;

	private final Clock clock;

	TokenIssuer(JwtEncoder encoder, AuthProperties properties, Clock clock) {
		this.encoder = encoder;
		this.properties = properties;
		this.clock = clock;
	}

	String issue(UUID userId, UUID workspaceId, Role role) {
		Instant now = this.clock.instant();
		JwtClaimsSet claims = JwtClaimsSet.builder()
			.subject(userId.toString())
			.claim(WORKSPACE_CLAIM, workspaceId.toString())
			.claim("role", role.value())
			.issuedAt(now)
			.expiresAt(now.plus(this.properties.tokenTtl()))
			.build();
		JwsHeader header = JwsHeader.with(MacAlgorithm.HS256).type("JWT").build();
		return this.encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
	}

}

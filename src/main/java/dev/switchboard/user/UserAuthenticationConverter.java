package dev.switchboard.user;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import dev.switchboard.common.security.Member;
import dev.switchboard.common.security.MemberAuthentication;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.stereotype.Component;

/**
 * Turns a valid user token into the member it names: the user, the token's workspace and
 * the user's current role there. A role change, a deactivation, a removed membership or a
 * password reset takes effect at the next request, not when old tokens expire.
 */
@Component
class UserAuthenticationConverter implements Converter<Jwt, AbstractAuthenticationToken> {

	private final MemberCache members;

	UserAuthenticationConverter(MemberCache members) {
		this.members = members;
	}

	@Override
	public AbstractAuthenticationToken convert(Jwt jwt) {
		UUID userId = uuid(jwt.getSubject(), "The token does not name a user.");
		UUID workspaceId = uuid(jwt.getClaimAsString(TokenIssuer.WORKSPACE_CLAIM),
				"The token does not name a workspace; log in again.");
		MemberCache.Snapshot member = this.members.get(userId, workspaceId)
			.filter(MemberCache.Snapshot::active)
			.orElseThrow(() -> new InvalidBearerTokenException("The token's user is no active member any more."));
		Instant issuedAt = jwt.getIssuedAt();
		if (issuedAt == null || issuedAt.isBefore(member.credentialsChangedAt().truncatedTo(ChronoUnit.SECONDS))) {
			throw new InvalidBearerTokenException("The token was revoked by a password change.");
		}
		return new MemberAuthentication(new Member(userId, workspaceId, member.role(), member.divisionIds()), jwt);
	}

	private static UUID uuid(String value, String error) {
		try {
			return UUID.fromString(value);
		}
		catch (IllegalArgumentException | NullPointerException ex) {
			throw new InvalidBearerTokenException(error);
		}
	}

}

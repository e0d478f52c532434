package dev.switchboard.source.chatplugin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import javax.crypto.SecretKey;

import dev.switchboard.common.security.ServerSecrets;
import dev.switchboard.common.security.TokenClaims;

import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.stereotype.Component;

/**
 * The chat plugin's own token kinds: visitor tokens (1 hour) and resume tokens (7 days),
 * each signed with a key derived for its purpose, so neither passes for the other nor for
 * a user token. Both carry {@code iat} and {@code exp}, and neither is accepted without
 * them.
 */
@Component
class VisitorTokens {

	static final Duration VISITOR_TTL = Duration.ofHours(1);

	static final Duration RESUME_TTL = Duration.ofDays(7);

	private final JwtEncoder visitorEncoder;

	private final JwtDecoder visitorDecoder;

	private final JwtEncoder resumeEncoder;

	private final JwtDecoder resumeDecoder;

	private final Clock clock;

	VisitorTokens(ServerSecrets secrets, Clock clock) {
		SecretKey visitorKey = secrets.derivedKey("chatplugin-visitor-token");
		SecretKey resumeKey = secrets.derivedKey("chatplugin-resume-token");
		this.visitorEncoder = NimbusJwtEncoder.withSecretKey(visitorKey).algorithm(MacAlgorithm.HS256).build();
		this.visitorDecoder = TokenClaims.decoder(visitorKey);
		this.resumeEncoder = NimbusJwtEncoder.withSecretKey(resumeKey).algorithm(MacAlgorithm.HS256).build();
		this.resumeDecoder = TokenClaims.decoder(resumeKey);
		this.clock = clock;
	}

	String visitorToken(Visitor visitor) {
		return encode(this.visitorEncoder, visitor, VISITOR_TTL);
	}

	String resumeToken(Visitor visitor) {
		return encode(this.resumeEncoder, visitor, RESUME_TTL);
	}

	JwtDecoder visitorDecoder() {
		return this.visitorDecoder;
	}

	/**
	 * The visitor a resume token names.
	 * @throws JwtException when the token is invalid or expired
	 */
	Visitor resume(String resumeToken) {
		return Visitor.of(this.resumeDecoder.decode(resumeToken));
	}

	private String encode(JwtEncoder encoder, Visitor visitor, Duration ttl) {
		Instant now = this.clock.instant();
		JwtClaimsSet claims = JwtClaimsSet.builder()
			.subject(visitor.conversationId().toString())
			.claim("conversation_id", visitor.conversationId().toString())
			.claim("channel_id", visitor.channelId().toString())
			.issuedAt(now)
			.expiresAt(now.plus(ttl))
			.build();
		return encoder.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).type("JWT").build(), claims))
			.getTokenValue();
	}

	/**
	 * A website visitor: one conversation on one chat plugin channel.
	 *
	 * @param conversationId the visitor's conversation
	 * @param channelId the chat plugin channel
	 */
	record Visitor(UUID conversationId, UUID channelId) {

		static Visitor of(Jwt jwt) {
			try {
				return new Visitor(UUID.fromString(jwt.getClaimAsString("conversation_id")),
						UUID.fromString(jwt.getClaimAsString("channel_id")));
			}
			catch (RuntimeException ex) {
				throw new JwtException("The token does not name a conversation", ex);
			}
		}

	}

}

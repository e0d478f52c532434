package dev.switchboard.common.security;

import java.util.Set;

import javax.crypto.SecretKey;

import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;

import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * What every token kind the service issues must carry to be accepted: besides a valid
 * HS256 signature, an {@code exp} that has not passed and an {@code iat}. A validly
 * signed token without either is refused, so no token lives forever.
 */
public final class TokenClaims {

	private static final Set<String> REQUIRED = Set.of(JwtClaimNames.EXP, JwtClaimNames.IAT);

	private TokenClaims() {
	}

	/**
	 * A decoder of HS256 tokens signed with the key that refuses any without {@code exp}
	 * or {@code iat}; Spring's default validators refuse one past its {@code exp}.
	 */
	public static JwtDecoder decoder(SecretKey key) {
		// presence is checked on the claims as signed: Spring's claim mapping fills in an
		// iat from the exp before its validators see the token
		return NimbusJwtDecoder.withSecretKey(key)
			.macAlgorithm(MacAlgorithm.HS256)
			.jwtProcessorCustomizer(
					(processor) -> processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(null, REQUIRED)))
			.build();
	}

}

package dev.switchboard.common.security;

import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;

import dev.switchboard.common.ExpiringCache;
import dev.switchboard.common.crypto.BearerSecrets;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.JwtValidators;

/**
 * Decodes a token once and keeps it for a minute: an agent sends the same token with
 * every request, and verifying, parsing and mapping it again was a share of each request
 * worth saving. Tokens are kept by their SHA-256 hash, never as they are, and only once
 * they have decoded: one that fails is decoded again when it comes back. Every token
 * handed out, kept or not, is checked against the clock with Spring Security's default
 * validators ({@code exp} and {@code nbf} with their 60-second skew), so a kept token is
 * refused once it expires, as it was. Whether its user may still use it (a deactivation,
 * a removal, a password reset) is not the decoder's to say: the member check after it
 * runs on every request.
 */
final class CachingJwtDecoder implements JwtDecoder {

	static final Duration TTL = Duration.ofSeconds(60);

	private static final int MAX_ENTRIES = 10_000;

	private final JwtDecoder delegate;

	private final OAuth2TokenValidator<Jwt> validator;

	private final ExpiringCache<String, Jwt> tokens;

	CachingJwtDecoder(JwtDecoder delegate, Clock clock) {
		this.delegate = delegate;
		JwtTimestampValidator timestamps = new JwtTimestampValidator();
		timestamps.setClock(clock);
		this.validator = JwtValidators.createDefaultWithValidators(timestamps);
		this.tokens = new ExpiringCache<>(TTL, MAX_ENTRIES, clock);
	}

	@Override
	public Jwt decode(String token) throws JwtException {
		String key = HexFormat.of().formatHex(BearerSecrets.hash(token));
		Jwt jwt = this.tokens.get(key, (hash) -> this.delegate.decode(token));
		OAuth2TokenValidatorResult result = this.validator.validate(jwt);
		if (result.hasErrors()) {
			this.tokens.remove(key);
			throw new JwtValidationException(message(result), result.getErrors());
		}
		return jwt;
	}

	private static String message(OAuth2TokenValidatorResult result) {
		return result.getErrors()
			.stream()
			.map(OAuth2Error::getDescription)
			.filter((description) -> description != null && !description.isEmpty())
			.findFirst()
			.map((description) -> "An error occurred while attempting to decode the Jwt: " + description)
			.orElse("Unable to validate Jwt");
	}

}

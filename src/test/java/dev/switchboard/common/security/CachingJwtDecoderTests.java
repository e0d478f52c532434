package dev.switchboard.common.security;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import dev.switchboard.TestClock;

import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A token is decoded once and then served from the cache, but checked against the clock
 * every time.
 */
class CachingJwtDecoderTests {

	private static final SecretKey KEY = new SecretKeySpec(
			"a signing key for these tests, 32+ bytes".getBytes(StandardCharsets.UTF_8), "HmacSHA256");

	// the real decoder checks expiry against the system's time, so the tokens must be
	// valid now, wherever the test clock goes
	private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

	private final TestClock clock = new TestClock(this.now);

	private final List<String> decoded = new ArrayList<>();

	private final JwtDecoder real = TokenClaims.decoder(KEY);

	private final CachingJwtDecoder decoder = new CachingJwtDecoder((token) -> {
		this.decoded.add(token);
		return this.real.decode(token);
	}, this.clock);

	@Test
	void theSameTokenIsDecodedOnlyOnce() {
		String token = token("alice", this.now.plus(Duration.ofHours(1)));

		Jwt first = this.decoder.decode(token);
		Jwt second = this.decoder.decode(token);

		assertThat(this.decoded).containsExactly(token);
		assertThat(second.getSubject()).isEqualTo("alice");
		assertThat(second.getExpiresAt()).isEqualTo(first.getExpiresAt());
	}

	@Test
	void anotherTokenIsDecodedOnItsOwn() {
		String alice = token("alice", this.now.plus(Duration.ofHours(1)));
		String bob = token("bob", this.now.plus(Duration.ofHours(1)));

		assertThat(this.decoder.decode(alice).getSubject()).isEqualTo("alice");
		assertThat(this.decoder.decode(bob).getSubject()).isEqualTo("bob");
		assertThat(this.decoder.decode(alice).getSubject()).isEqualTo("alice");

		assertThat(this.decoded).containsExactly(alice, bob);
	}

	@Test
	void aKeptTokenIsRefusedOnceItHasExpired() {
		// expired, but within Spring Security's 60-second skew: accepted 30 seconds more
		Instant expiresAt = this.now.minusSeconds(30);
		String token = token("alice", expiresAt);
		this.decoder.decode(token);

		this.clock.set(expiresAt.plusSeconds(59));
		assertThat(this.decoder.decode(token).getSubject()).isEqualTo("alice");
		this.clock.set(expiresAt.plusSeconds(61));
		assertThatExceptionOfType(JwtValidationException.class).isThrownBy(() -> this.decoder.decode(token))
			.withMessageContaining("expired");

		assertThat(this.decoded).as("refused as it was kept").containsExactly(token);
	}

	@Test
	void aTokenIsDecodedAgainAfterAMinute() {
		String token = token("alice", this.now.plus(Duration.ofHours(1)));
		this.decoder.decode(token);

		this.clock.set(this.now.plus(CachingJwtDecoder.TTL).plusSeconds(1));
		this.decoder.decode(token);

		assertThat(this.decoded).containsExactly(token, token);
	}

	@Test
	void aTokenThatFailsToDecodeIsNotKept() {
		String token = token("alice", this.now.plus(Duration.ofHours(1)));
		String tampered = token.substring(0, token.length() - 2) + (token.endsWith("AA") ? "BB" : "AA");

		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> this.decoder.decode(tampered));
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> this.decoder.decode(tampered));

		assertThat(this.decoded).containsExactly(tampered, tampered);
	}

	private static String token(String subject, Instant expiresAt) {
		JwtClaimsSet claims = JwtClaimsSet.builder()
			.subject(subject)
			.issuedAt(expiresAt.minus(Duration.ofDays(1)))
			.expiresAt(expiresAt)
			.build();
		return NimbusJwtEncoder.withSecretKey(KEY)
			.algorithm(MacAlgorithm.HS256)
			.build()
			.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).type("JWT").build(), claims))
			.getTokenValue();
	}

}

package dev.switchboard.source.google;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import dev.switchboard.common.security.HeaderTokens;
import dev.switchboard.source.PlatformHttp;

import org.springframework.http.MediaType;
import org.springframework.security.converter.RsaKeyConverters;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtEncodingException;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * OAuth 2.0 access tokens for the Business Messages API, obtained with the service
 * account's key by the JWT-bearer grant (an RS256 assertion signed with Spring Security's
 * {@link NimbusJwtEncoder}) and kept until a minute before they expire. Safe to call from
 * many senders at once: one fetches, the others wait for its token.
 */
class GoogleAccessTokens {

	static final String SCOPE = "https://www.googleapis.com/auth/businessmessages";

	static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:jwt-bearer";

	static final Duration ASSERTION_LIFETIME = Duration.ofHours(1);

	/** How long before its expiry a token is replaced. */
	static final Duration MARGIN = Duration.ofSeconds(60);

	private final GoogleProperties properties;

	private final RestClient rest;

	private final JsonMapper json;

	private final Clock clock;

	private final ReentrantLock lock = new ReentrantLock();

	private volatile Token current;

	GoogleAccessTokens(GoogleProperties properties, RestClient.Builder http, JsonMapper json, Clock clock) {
		this.properties = properties;
		this.rest = http.build();
		this.json = json;
		this.clock = clock;
	}

	/**
	 * A valid access token, fetched when there is none or it is about to expire.
	 * @throws TokenException when none can be had
	 */
	String get() {
		Token token = this.current;
		if (token != null && this.clock.instant().isBefore(token.replaceAt())) {
			return token.value();
		}
		this.lock.lock();
		try {
			token = this.current;
			if (token == null || !this.clock.instant().isBefore(token.replaceAt())) {
				token = fetch();
				this.current = token;
			}
			return token.value();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Forgets a token the API refused, so that the next call fetches a new one.
	 */
	void refused(String value) {
		this.lock.lock();
		try {
			Token token = this.current;
			if (token != null && token.value().equals(value)) {
				this.current = null;
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Forgets the current token, so that the next call fetches one with the service
	 * account's key as it is now.
	 */
	void forget() {
		this.current = null;
	}

	private Token fetch() {
		ServiceAccount account = serviceAccount();
		Instant now = this.clock.instant();
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("grant_type", GRANT_TYPE);
		form.add("assertion", assertion(account, now));
		PlatformHttp.Answer answer;
		try {
			answer = this.rest.post()
				.uri(URI.create(this.properties.tokenUrl()))
				.contentType(MediaType.APPLICATION_FORM_URLENCODED)
				.accept(MediaType.APPLICATION_JSON)
				.body(form)
				.exchange((request, response) -> PlatformHttp.answer(response, this.json));
		}
		catch (RestClientException ex) {
			throw new TokenException("Google's token endpoint could not be reached", true);
		}
		String value = answer.text("access_token");
		if (answer.successful() && value != null && !HeaderTokens.headerSafe(value)) {
			throw new TokenException("Google's token endpoint answered with a malformed access token", false);
		}
		if (answer.successful() && value != null) {
			long expiresIn = (answer.body().path("expires_in").isNumber()) ? answer.body().path("expires_in").asLong()
					: 3600;
			return new Token(value, now.plusSeconds(expiresIn).minus(MARGIN));
		}
		String reason = (answer.text("error") != null)
				? answer.text("error")
						+ ((answer.text("error_description") != null) ? ": " + answer.text("error_description") : "")
				: "status " + answer.status();
		throw new TokenException("Google refused the service account's token request (" + reason + ")",
				answer.transientFailure());
	}

	private String assertion(ServiceAccount account, Instant now) {
		JwtClaimsSet claims = JwtClaimsSet.builder()
			.issuer(account.clientEmail())
			.subject(account.clientEmail())
			.audience(List.of(this.properties.tokenUrl()))
			.claim("scope", SCOPE)
			.issuedAt(now)
			.expiresAt(now.plus(ASSERTION_LIFETIME))
			.build();
		JwsHeader.Builder header = JwsHeader.with(SignatureAlgorithm.RS256).type("JWT");
		if (account.privateKeyId() != null) {
			header.keyId(account.privateKeyId());
		}
		try {
			return account.signer().encode(JwtEncoderParameters.from(header.build(), claims)).getTokenValue();
		}
		catch (JwtEncodingException ex) {
			throw new TokenException("The service account's private key cannot sign", false);
		}
	}

	private ServiceAccount serviceAccount() {
		String file = this.properties.serviceAccountFile();
		if (file == null || file.isBlank()) {
			throw new TokenException("Google is not configured: set switchboard.sources.google.service-account-file",
					false);
		}
		ServiceAccountFile key;
		try {
			key = this.json.readValue(Files.readAllBytes(Path.of(file)), ServiceAccountFile.class);
		}
		catch (IOException | JacksonException ex) {
			throw new TokenException("The service account file " + file + " cannot be read as JSON", false);
		}
		if (key == null || key.clientEmail() == null || key.privateKey() == null) {
			throw new TokenException("The service account file " + file + " has no client_email or private_key", false);
		}
		try {
			RSAPrivateKey privateKey = RsaKeyConverters.pkcs8()
				.convert(new ByteArrayInputStream(key.privateKey().getBytes(StandardCharsets.US_ASCII)));
			JwtEncoder signer = NimbusJwtEncoder.withKeyPair(publicKey(privateKey), privateKey)
				.algorithm(SignatureAlgorithm.RS256)
				.jwkPostProcessor((jwk) -> jwk.keyID(key.privateKeyId()))
				.build();
			return new ServiceAccount(key.clientEmail(), key.privateKeyId(), signer);
		}
		catch (GeneralSecurityException | IllegalArgumentException ex) {
			// the message says nothing of the key itself
			throw new TokenException("The service account file " + file + " has no valid PKCS#8 RSA private_key",
					false);
		}
	}

	/**
	 * The public half of the key, which a JWK has to carry: a key file holds only the
	 * private key, whose CRT form includes the modulus and public exponent.
	 */
	private static RSAPublicKey publicKey(RSAPrivateKey privateKey) throws GeneralSecurityException {
		if (!(privateKey instanceof RSAPrivateCrtKey crt)) {
			throw new GeneralSecurityException("Not an RSA CRT key");
		}
		return (RSAPublicKey) KeyFactory.getInstance("RSA")
			.generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
	}

	/**
	 * The parts of a service account's JSON key file that sign assertions.
	 */
	private record ServiceAccountFile(String clientEmail, String privateKey, String privateKeyId) {

		@Override
		public String toString() {
			return "ServiceAccountFile[" + this.clientEmail + "]";
		}

	}

	private record ServiceAccount(String clientEmail, String privateKeyId, JwtEncoder signer) {

		@Override
		public String toString() {
			return "ServiceAccount[" + this.clientEmail + "]";
		}

	}

	private record Token(String value, Instant replaceAt) {

		@Override
		public String toString() {
			return "Token[replaceAt=" + this.replaceAt + "]";
		}

	}

	/**
	 * No access token could be had.
	 */
	static class TokenException extends RuntimeException {

		private final boolean worthRetrying;

		TokenException(String message, boolean worthRetrying) {
			super(message);
			this.worthRetrying = worthRetrying;
		}

		boolean worthRetrying() {
			return this.worthRetrying;
		}

	}

}

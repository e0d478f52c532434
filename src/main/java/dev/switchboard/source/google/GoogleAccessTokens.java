package dev.switchboard.source.google;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.locks.ReentrantLock;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.switchboard.source.PlatformHttp;

import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * OAuth 2.0 access tokens for the Business Messages API, obtained with the service
 * account's key by the JWT-bearer grant (an RS256 assertion signed with Nimbus JOSE) and
 * kept until a minute before they expire. Safe to call from many senders at once: one
 * fetches, the others wait for its token.
 */
class GoogleAccessTokens {

	static final String SCOPE = "https://www.googleapis.com/auth/businessmessages";

	static final Duration ASSERTION_LIFETIME = Duration.ofHours(1);

	/** How long before its expiry a token is replaced. */
	static final Duration MARGIN = Duration.ofSeconds(60);

	private final GoogleProperties properties;

	private final RestClient rest;

	private final JsonMapper json;

	private final Clock clock;

	private final ReentrantLock lock = new ReentrantLock();

	private volatile Token current;

	GoogleAccessTokens(GoogleProperties properties, JsonMapper json, Clock clock) {
		this.properties = properties;
		this.rest = PlatformHttp.client(properties.tokenUrl());
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
		String assertion = assertion(account, now);
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer");
		form.add("assertion", assertion);
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
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(account.clientEmail())
			.subject(account.clientEmail())
			.audience(this.properties.tokenUrl())
			.claim("scope", SCOPE)
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plus(ASSERTION_LIFETIME)))
			.build();
		JWSHeader.Builder header = new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT);
		if (account.privateKeyId() != null) {
			header.keyID(account.privateKeyId());
		}
		SignedJWT jwt = new SignedJWT(header.build(), claims);
		try {
			jwt.sign(new RSASSASigner(account.privateKey()));
		}
		catch (JOSEException ex) {
			throw new TokenException("The service account's private key cannot sign", false);
		}
		return jwt.serialize();
	}

	private ServiceAccount serviceAccount() {
		String file = this.properties.serviceAccountFile();
		if (file == null || file.isBlank()) {
			throw new TokenException("Google is not configured: set switchboard.sources.google.service-account-file",
					false);
		}
		JsonNode key;
		try {
			key = this.json.readTree(Files.readAllBytes(Path.of(file)));
		}
		catch (IOException | JacksonException ex) {
			throw new TokenException("The service account file " + file + " cannot be read as JSON", false);
		}
		String email = key.path("client_email").asString(null);
		String pem = key.path("private_key").asString(null);
		if (email == null || pem == null) {
			throw new TokenException("The service account file " + file + " has no client_email or private_key", false);
		}
		try {
			byte[] der = Base64.getMimeDecoder()
				.decode(pem.replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", ""));
			PrivateKey privateKey = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
			return new ServiceAccount(email, key.path("private_key_id").asString(null), privateKey);
		}
		catch (GeneralSecurityException | IllegalArgumentException ex) {
			// the message says nothing of the key itself
			throw new TokenException("The service account file " + file + " has no valid PKCS#8 RSA private_key",
					false);
		}
	}

	private record ServiceAccount(String clientEmail, String privateKeyId, PrivateKey privateKey) {

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

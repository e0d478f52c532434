package dev.switchboard.common.security;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import javax.crypto.spec.SecretKeySpec;

import dev.switchboard.Api.Response;
import dev.switchboard.IntegrationTests;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

class TokenSecurityTests extends IntegrationTests {

	@Autowired
	private JwtEncoder encoder;

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	private RequestMappingHandlerMapping handlerMapping;

	@Test
	void aMissingTokenIs401WithAProblem() {
		Response response = this.api.post("/tags.list", null);

		assertThat(response.status()).isEqualTo(401);
		assertThat(response.contentType()).isEqualTo("application/problem+json");
		assertThat(response.text("status")).isEqualTo("401");
		assertThat(response.raw().getHeader("WWW-Authenticate")).startsWith("Bearer");
	}

	@Test
	void aMalformedTokenIs401() {
		assertThat(this.api.post("/tags.list", "not.a.jwt").status()).isEqualTo(401);
	}

	@Test
	void aTokenSignedWithAnotherKeyIs401() {
		String userId = userId();
		JwtEncoder forger = NimbusJwtEncoder
			.withSecretKey(new SecretKeySpec("another key that is long enough, 32+".getBytes(StandardCharsets.UTF_8),
					"HmacSHA256"))
			.algorithm(MacAlgorithm.HS256)
			.build();

		assertThat(this.api.post("/tags.list", token(forger, userId, Instant.now().plusSeconds(600))).status())
			.isEqualTo(401);
	}

	@Test
	void anUnsignedTokenIs401() {
		String userId = userId();
		Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
		String header = base64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
		String claims = base64.encodeToString(("{\"sub\":\"" + userId + "\",\"role\":\"admin\",\"exp\":"
				+ (Instant.now().getEpochSecond() + 600) + "}")
			.getBytes(StandardCharsets.UTF_8));

		assertThat(this.api.post("/tags.list", header + "." + claims + ".").status()).isEqualTo(401);
	}

	@Test
	void anExpiredTokenIs401() {
		String userId = userId();

		Response response = this.api.post("/tags.list", token(this.encoder, userId, Instant.now().minusSeconds(3600)));

		assertThat(response.status()).isEqualTo(401);
		assertThat(response.text("detail")).contains("invalid or expired");
	}

	@Test
	void aTokenOfAnUnknownUserIs401() {
		this.api.admin();

		assertThat(this.api
			.post("/tags.list", token(this.encoder, UUID.randomUUID().toString(), Instant.now().plusSeconds(600)))
			.status()).isEqualTo(401);
	}

	@Test
	void healthIsPublicAndOtherActuatorEndpointsAreNot() {
		String admin = this.api.admin();

		assertThat(this.mvc.get().uri("/actuator/health").exchange().getResponse().getStatus()).isEqualTo(200);
		assertThat(this.mvc.get().uri("/actuator/env").exchange().getResponse().getStatus()).isEqualTo(401);
		assertThat(this.mvc.get()
			.uri("/actuator/env")
			.header("Authorization", "Bearer " + admin)
			.exchange()
			.getResponse()
			.getStatus()).isEqualTo(404);
		assertThat(this.mvc.get().uri("/actuator/beans").exchange().getResponse().getStatus()).isEqualTo(401);
		assertThat(this.mvc.get()
			.uri("/actuator")
			.header("Authorization", "Bearer " + admin)
			.exchange()
			.getResponse()
			.getStatus()).isEqualTo(404);
	}

	@Test
	void theOpenApiDocumentIsPublicAndListsEveryEndpoint() throws Exception {
		String document = this.mvc.get().uri("/v3/api-docs").exchange().getResponse().getContentAsString();
		JsonNode paths = this.json.readTree(document).path("paths");
		List<String> endpoints = this.handlerMapping.getHandlerMethods()
			.keySet()
			.stream()
			.flatMap((mapping) -> mapping.getPatternValues().stream())
			// /docs is the API reference page itself (a redirect to Swagger UI), not an
			// endpoint
			.filter((path) -> !path.equals("/error") && !path.startsWith("/v3/api-docs") && !path.equals("/docs"))
			.distinct()
			.toList();

		assertThat(endpoints).contains("/users.signup", "/tags.list", "/conversations.list", "/messages.send",
				"/channels.facebook.connect", "/twilio", "/events.list", "/chatplugin.authenticate");
		assertThat(endpoints).allSatisfy((path) -> assertThat(paths.has(path)).as(path).isTrue());
	}

	private String userId() {
		return this.api.post("/users.me", this.api.admin()).text("id");
	}

	private static String token(JwtEncoder encoder, String subject, Instant expiresAt) {
		JwtClaimsSet claims = JwtClaimsSet.builder()
			.subject(subject)
			.claim("role", "admin")
			.issuedAt(expiresAt.minusSeconds(60))
			.expiresAt(expiresAt)
			.build();
		return encoder.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims))
			.getTokenValue();
	}

}

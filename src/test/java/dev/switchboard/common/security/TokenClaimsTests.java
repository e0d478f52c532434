package dev.switchboard.common.security;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import javax.crypto.SecretKey;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.switchboard.IntegrationTests;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

import static dev.switchboard.Api.body;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every token kind needs {@code exp} and {@code iat}: the same token re-signed with the
 * right key but without one of them is refused.
 */
class TokenClaimsTests extends IntegrationTests {

	@Autowired
	private ServerSecrets secrets;

	@Test
	void aUserTokenWithoutExpiryOrIssueTimeIs401() {
		String token = this.api.admin();
		SecretKey key = this.secrets.signingKey();

		assertThat(this.api.post("/users.me", token).status()).isEqualTo(200);
		assertThat(this.api.post("/users.me", resigned(token, key, null)).status()).as("re-signed as it was")
			.isEqualTo(200);
		assertThat(this.api.post("/users.me", resigned(token, key, JwtClaimNames.EXP)).status()).isEqualTo(401);
		assertThat(this.api.post("/users.me", resigned(token, key, JwtClaimNames.IAT)).status()).isEqualTo(401);
	}

	@Test
	void aVisitorTokenWithoutExpiryOrIssueTimeIs401() {
		String visitor = visitorToken();
		SecretKey key = this.secrets.derivedKey("chatplugin-visitor-token");

		assertThat(this.api.post("/chatplugin.messages", visitor).status()).isEqualTo(200);
		assertThat(this.api.post("/chatplugin.messages", resigned(visitor, key, null)).status())
			.as("re-signed as it was")
			.isEqualTo(200);
		assertThat(this.api.post("/chatplugin.messages", resigned(visitor, key, JwtClaimNames.EXP)).status())
			.isEqualTo(401);
		assertThat(this.api.post("/chatplugin.messages", resigned(visitor, key, JwtClaimNames.IAT)).status())
			.isEqualTo(401);
	}

	@Test
	void aResumeTokenWithoutExpiryOrIssueTimeIsRefused() {
		String resume = this.api.post("/chatplugin.resume-token", visitorToken()).text("resume_token");
		SecretKey key = this.secrets.derivedKey("chatplugin-resume-token");

		assertThat(this.api.post("/chatplugin.authenticate", null, body("resume_token", resigned(resume, key, null)))
			.status()).isEqualTo(200);
		assertThat(this.api
			.post("/chatplugin.authenticate", null, body("resume_token", resigned(resume, key, JwtClaimNames.EXP)))
			.status()).isEqualTo(401);
		assertThat(this.api
			.post("/chatplugin.authenticate", null, body("resume_token", resigned(resume, key, JwtClaimNames.IAT)))
			.status()).isEqualTo(401);
	}

	private String visitorToken() {
		String admin = this.api.admin();
		String channelId = this.api.post("/channels.chatplugin.connect", admin, body("name", "Website")).text("id");
		return this.api.post("/chatplugin.authenticate", null, body("channel_id", channelId)).text("token");
	}

	/**
	 * The token's claims signed again with the key, without the claim named (none for
	 * {@code null}).
	 */
	private String resigned(String token, SecretKey key, String without) {
		JsonNode payload = this.json
			.readTree(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8));
		JwtClaimsSet.Builder claims = JwtClaimsSet.builder();
		for (Map.Entry<String, JsonNode> claim : payload.properties()) {
			if (claim.getKey().equals(without)) {
				continue;
			}
			if (claim.getKey().equals(JwtClaimNames.EXP) || claim.getKey().equals(JwtClaimNames.IAT)) {
				claims.claim(claim.getKey(), Instant.ofEpochSecond(claim.getValue().asLong()));
			}
			else {
				claims.claim(claim.getKey(), claim.getValue().asString());
			}
		}
		return NimbusJwtEncoder.withSecretKey(key)
			.algorithm(MacAlgorithm.HS256)
			.build()
			.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).type("JWT").build(), claims.build()))
			.getTokenValue();
	}

}

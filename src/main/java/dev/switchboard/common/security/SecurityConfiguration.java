package dev.switchboard.common.security;

import java.time.Clock;
import java.util.List;

import dev.switchboard.common.db.EmbeddedDatabase;
import dev.switchboard.common.error.ProblemResponses;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The member security chain: stateless, JWT (HS256) bearer tokens of users or
 * {@code AccessKey} keys; every path but the declared public ones needs one. What each
 * caller may do is the one policy check of every {@link Endpoint}.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
@EnableConfigurationProperties({ AuthProperties.class, SecretsProperties.class })
class SecurityConfiguration {

	@Bean
	ServerSecrets serverSecrets(AuthProperties auth, SecretsProperties secrets,
			ObjectProvider<EmbeddedDatabase> embeddedDatabase) {
		EmbeddedDatabase database = embeddedDatabase.getIfAvailable();
		return ServerSecrets.resolve(auth.jwtSecret(), secrets.encryptionKey(),
				(database != null) ? database.dataDirectory() : null);
	}

	@Bean
	JwtEncoder jwtEncoder(ServerSecrets secrets) {
		return NimbusJwtEncoder.withSecretKey(secrets.signingKey()).algorithm(MacAlgorithm.HS256).build();
	}

	@Bean
	JwtDecoder jwtDecoder(ServerSecrets secrets, Clock clock) {
		return new CachingJwtDecoder(TokenClaims.decoder(secrets.signingKey()), clock);
	}

	/**
	 * No observation of Spring Security's filters, authentications and authorisations:
	 * without this, every filter of every request is wrapped in an observation, which
	 * costs the request path more CPU than a webhook's own work and feeds no metric of
	 * ours ({@code http.server.requests} stays).
	 */
	@Bean
	SecurityObservationSettings securityObservations() {
		return SecurityObservationSettings.noObservations();
	}

	@Bean
	PasswordEncoder passwordEncoder() {
		return PasswordEncoderFactories.createDelegatingPasswordEncoder();
	}

	@Bean
	SecurityFilterChain userSecurity(HttpSecurity http, List<PublicPaths> publicPaths,
			Converter<Jwt, AbstractAuthenticationToken> userAuthentication, AccessKeyAuthenticator accessKeys,
			ProblemResponses problems, ManagementPort managementPort) throws Exception {
		String[] open = publicPaths.stream().flatMap((paths) -> paths.patterns().stream()).toArray(String[]::new);
		http.csrf((csrf) -> csrf.disable())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache((cache) -> cache.disable())
			.authorizeHttpRequests((authorize) -> authorize.requestMatchers(managementPort)
				.permitAll()
				.requestMatchers("/actuator/prometheus")
				.hasAuthority(Role.ADMIN.authority())
				.requestMatchers(open)
				.permitAll()
				.anyRequest()
				.authenticated())
			.addFilterBefore(new AccessKeyFilter(accessKeys, problems), BearerTokenAuthenticationFilter.class)
			.oauth2ResourceServer((server) -> server.jwt((jwt) -> jwt.jwtAuthenticationConverter(userAuthentication))
				.authenticationEntryPoint(problems.entryPoint())
				.accessDeniedHandler(problems.accessDeniedHandler()))
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(problems.entryPoint())
				.accessDeniedHandler(problems.accessDeniedHandler()));
		return http.build();
	}

	@Bean
	PublicPaths infrastructurePaths() {
		return PublicPaths.of("/error", "/actuator/health", "/actuator/health/**", "/v3/api-docs", "/v3/api-docs/**",
				"/v3/api-docs.yaml", "/docs", "/docs/**", "/swagger-ui/**");
	}

}

package dev.switchboard.source.chatplugin;

import java.util.List;

import dev.switchboard.common.error.ProblemResponses;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * The visitor security chain: {@code chatplugin.*} (and the visitor WebSocket) accept
 * only visitor tokens, checked with the visitor key, so user tokens are refused here just
 * as visitor tokens are refused everywhere else. Browsers may call it from the allowed
 * origins.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ChatPluginProperties.class)
class ChatPluginSecurityConfiguration {

	static final String[] PATHS = { "/chatplugin.*", "/ws.chatplugin", "/ws.chatplugin/**" };

	@Bean
	@Order(1)
	SecurityFilterChain visitorSecurity(HttpSecurity http, VisitorTokens tokens, ChatPluginProperties properties,
			ProblemResponses problems) throws Exception {
		http.securityMatcher(PATHS)
			.csrf((csrf) -> csrf.disable())
			.cors((cors) -> cors.configurationSource(cors(properties.allowedOrigins())))
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache((cache) -> cache.disable())
			// the WebSocket handshake is open: the visitor token comes in the STOMP
			// CONNECT frame
			.authorizeHttpRequests((authorize) -> authorize
				.requestMatchers("/chatplugin.authenticate", "/ws.chatplugin", "/ws.chatplugin/**")
				.permitAll()
				.anyRequest()
				.authenticated())
			.oauth2ResourceServer((server) -> server.jwt((jwt) -> jwt.decoder(tokens.visitorDecoder()))
				.authenticationEntryPoint(problems.entryPoint()))
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(problems.entryPoint()));
		return http.build();
	}

	private static UrlBasedCorsConfigurationSource cors(List<String> allowedOrigins) {
		CorsConfiguration configuration = new CorsConfiguration();
		configuration.setAllowedOriginPatterns(allowedOrigins);
		configuration.setAllowedMethods(List.of("GET", "POST", "OPTIONS"));
		configuration.setAllowedHeaders(List.of("Authorization", "Content-Type"));
		configuration.setMaxAge(3600L);
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		for (String path : PATHS) {
			source.registerCorsConfiguration(path, configuration);
		}
		return source;
	}

}

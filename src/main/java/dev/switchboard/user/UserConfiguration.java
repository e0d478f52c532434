package dev.switchboard.user;

import dev.switchboard.common.security.PublicPaths;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableAsync;

@Configuration(proxyBeanMethods = false)
@EnableAsync
class UserConfiguration {

	@Bean
	PublicPaths userPublicPaths() {
		return PublicPaths.of("/users.signup", "/users.login", "/users.request-password-reset", "/users.password-reset",
				"/users.accept-invitation");
	}

}

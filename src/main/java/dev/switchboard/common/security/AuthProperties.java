package dev.switchboard.common.security;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * User authentication settings.
 *
 * @param jwtSecret HS256 signing key (at least 32 bytes); generated and kept in the data
 * directory when the database is embedded
 * @param tokenTtl lifetime of a user token
 * @param openSignup whether anyone may sign up after the first user
 */
@ConfigurationProperties("switchboard.auth")
public record AuthProperties(String jwtSecret, @DefaultValue("24h") Duration tokenTtl, boolean openSignup) {

}

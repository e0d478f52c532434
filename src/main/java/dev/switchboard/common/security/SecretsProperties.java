package dev.switchboard.common.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Keys for data at rest.
 *
 * @param encryptionKey base64 AES-256 key for platform tokens; generated and kept in the
 * data directory when the database is embedded
 */
@ConfigurationProperties("switchboard.secrets")
public record SecretsProperties(String encryptionKey) {

}

package dev.switchboard.common.db;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the embedded PostgreSQL server.
 *
 * @param dataDir where the server keeps its files; survives restarts
 * @param durable whether commits are flushed to disk ({@code fsync}, synchronous commit);
 * only tests turn this off
 */
@ConfigurationProperties("switchboard.embedded-db")
public record EmbeddedDatabaseProperties(@DefaultValue("./data/postgres") Path dataDir,
		@DefaultValue("true") boolean durable) {
}

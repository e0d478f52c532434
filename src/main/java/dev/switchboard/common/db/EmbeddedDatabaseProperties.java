package dev.switchboard.common.db;

import java.nio.file.Path;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the embedded PostgreSQL server.
 *
 * @param dataDir where the server keeps its files; survives restarts
 * @param durable whether commits are flushed to disk ({@code fsync}, synchronous commit);
 * only tests turn this off
 * @param settings further server settings, passed as they are (the benchmarks load
 * {@code pg_stat_statements} with {@code shared_preload_libraries})
 */
@ConfigurationProperties("switchboard.embedded-db")
public record EmbeddedDatabaseProperties(@DefaultValue("./data/postgres") Path dataDir,
		@DefaultValue("true") boolean durable, Map<String, String> settings) {

	public EmbeddedDatabaseProperties {
		settings = (settings != null) ? Map.copyOf(settings) : Map.of();
	}

}

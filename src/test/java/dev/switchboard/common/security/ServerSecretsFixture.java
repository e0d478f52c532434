package dev.switchboard.common.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fresh server secrets for unit tests.
 */
public final class ServerSecretsFixture {

	private ServerSecretsFixture() {
	}

	public static ServerSecrets generated(Path directory) {
		try {
			Files.createDirectories(directory);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return ServerSecrets.resolve(null, null, directory);
	}

}

package dev.switchboard.common.security;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServerSecretsTests {

	@TempDir
	Path directory;

	@Test
	void secretsAreGeneratedOnceAndKeptPrivateInTheDataDirectory() throws Exception {
		ServerSecrets first = ServerSecrets.resolve(null, null, this.directory);
		ServerSecrets second = ServerSecrets.resolve(null, null, this.directory);

		assertThat(second.signingKey().getEncoded()).isEqualTo(first.signingKey().getEncoded());
		assertThat(second.encryptionKey().getEncoded()).isEqualTo(first.encryptionKey().getEncoded()).hasSize(32);
		Path file = this.directory.resolve("switchboard-secrets.properties");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
	}

	@Test
	void configuredSecretsWin() {
		String key = Base64.getEncoder().encodeToString(new byte[32]);

		ServerSecrets secrets = ServerSecrets.resolve("a configured secret of thirty-two bytes", key, this.directory);

		assertThat(new String(secrets.signingKey().getEncoded())).isEqualTo("a configured secret of thirty-two bytes");
		assertThat(secrets.encryptionKey().getEncoded()).isEqualTo(new byte[32]);
	}

	@Test
	void weakOrMissingSecretsFailNamingTheProperty() {
		String key = Base64.getEncoder().encodeToString(new byte[32]);

		assertThatThrownBy(() -> ServerSecrets.resolve("short", key, null))
			.hasMessageContaining(ServerSecrets.JWT_SECRET);
		assertThatThrownBy(() -> ServerSecrets.resolve(null, key, null)).hasMessageContaining(ServerSecrets.JWT_SECRET);
		assertThatThrownBy(() -> ServerSecrets.resolve("a configured secret of thirty-two bytes", null, null))
			.hasMessageContaining(ServerSecrets.ENCRYPTION_KEY);
		assertThatThrownBy(() -> ServerSecrets.resolve("a configured secret of thirty-two bytes", "%%%", null))
			.hasMessageContaining("base64");
		assertThatThrownBy(() -> ServerSecrets.resolve("a configured secret of thirty-two bytes",
				Base64.getEncoder().encodeToString(new byte[16]), null))
			.hasMessageContaining("32 bytes");
	}

	@Test
	void derivedKeysDifferByPurposeAndFromTheSigningKey() {
		ServerSecrets secrets = ServerSecrets.resolve(null, null, this.directory);

		assertThat(secrets.derivedKey("a").getEncoded()).isNotEqualTo(secrets.derivedKey("b").getEncoded())
			.isNotEqualTo(secrets.signingKey().getEncoded());
	}

	@Test
	void theFailureReportNamesThePropertyToSet() {
		MissingSecretException cause = new MissingSecretException(ServerSecrets.JWT_SECRET, "missing");

		var analysis = new MissingSecretFailureAnalyzer().analyze(cause);

		assertThat(analysis.getDescription()).isEqualTo("missing");
		assertThat(analysis.getAction()).contains(ServerSecrets.JWT_SECRET);
	}

}

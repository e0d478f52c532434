package dev.switchboard.media;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

import dev.switchboard.IntegrationTests;
import dev.switchboard.common.error.PayloadTooLargeException;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class MediaServiceTests extends IntegrationTests {

	/** A 1×1 transparent PNG. */
	private static final byte[] PNG = Base64.getDecoder()
		.decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=");

	@Autowired
	private MediaService media;

	@Test
	void storesBytesAndReadsThemBackInTheirWorkspaceOnly() {
		UUID workspace = workspace();
		Media stored = this.media.store(workspace, "pixel.png", PNG);

		assertThat(stored.contentType()).isEqualTo("image/png");
		assertThat(stored.size()).isEqualTo(PNG.length);
		assertThat(this.media.find(workspace, stored.id())).contains(stored);
		assertThat(this.media.content(workspace, stored.id()))
			.hasValueSatisfying((bytes) -> assertThat(bytes).isEqualTo(PNG));
		assertThat(this.media.content(workspace(), stored.id())).isEmpty();
		assertThat(this.media.find(workspace, UUID.randomUUID())).isEmpty();
	}

	@Test
	void theTypeComesFromTheBytesNotTheName() {
		UUID workspace = workspace();
		byte[] script = "#!/bin/sh\nrm -rf /\n".getBytes(StandardCharsets.UTF_8);

		assertThat(this.media.store(workspace, "photo.png", script).contentType()).isNotEqualTo("image/png");
		assertThat(this.media.store(workspace, "photo.txt", PNG).contentType()).isEqualTo("image/png");
		assertThat(this.media.store(workspace, "notes.txt", "hello".getBytes(StandardCharsets.UTF_8)).contentType())
			.isEqualTo("text/plain");
	}

	@Test
	void refusesWhatIsLargerThanTheLimit() {
		UUID workspace = workspace();
		byte[] tooLarge = new byte[(int) this.media.maxSize() + 1];

		assertThatExceptionOfType(PayloadTooLargeException.class)
			.isThrownBy(() -> this.media.store(workspace, "big.bin", tooLarge));
		assertThat(this.jdbc.sql("select count(*) from media").query(Long.class).single()).isZero();
	}

	private UUID workspace() {
		UUID id = UUID.randomUUID();
		this.jdbc.sql("insert into workspaces (id, name, created_at, updated_at) values (:id, 'Test', now(), now())")
			.param("id", id)
			.update();
		return id;
	}

}

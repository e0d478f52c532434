package dev.switchboard.common.pagination;

import java.nio.file.Path;
import java.util.List;

import dev.switchboard.common.error.BadRequestException;
import dev.switchboard.common.pagination.Cursor.Direction;
import dev.switchboard.common.security.ServerSecretsFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CursorsTests {

	@TempDir
	Path directory;

	@Test
	void aCursorDecodesToWhatWasEncoded() {
		Cursors cursors = new Cursors(ServerSecretsFixture.generated(this.directory));
		Cursor cursor = new Cursor("users", Direction.BACKWARD, List.of("2026-01-01T00:00:00Z", "a b", ""));

		assertThat(cursors.decode("users", cursors.encode(cursor))).isEqualTo(cursor);
	}

	@Test
	void tamperedForeignOrOtherListsCursorsAreRefused() {
		Cursors cursors = new Cursors(ServerSecretsFixture.generated(this.directory));
		String encoded = cursors.encode(new Cursor("users", Direction.FORWARD, List.of("x")));
		String tampered = (encoded.charAt(0) == 'A' ? 'B' : 'A') + encoded.substring(1);
		Cursors otherServer = new Cursors(ServerSecretsFixture.generated(this.directory.resolve("other")));

		assertThatThrownBy(() -> cursors.decode("users", tampered)).isInstanceOf(BadRequestException.class);
		assertThatThrownBy(() -> cursors.decode("tags", encoded)).isInstanceOf(BadRequestException.class);
		assertThatThrownBy(() -> otherServer.decode("users", encoded)).isInstanceOf(BadRequestException.class);
		assertThatThrownBy(() -> cursors.decode("users", "garbage")).isInstanceOf(BadRequestException.class);
		assertThatThrownBy(() -> cursors.decode("users", "a.b.c")).isInstanceOf(BadRequestException.class);
	}

}

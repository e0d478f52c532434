package dev.switchboard.media;

import java.util.Optional;
import java.util.UUID;

/**
 * Where the bytes of media live. PostgreSQL by default, so every replica sees them; an
 * object store can implement this instead. Called inside the transaction that writes the
 * media's row, so an implementation that is not the database must tolerate a write whose
 * row is rolled back (an orphan, never a row without bytes).
 */
public interface MediaStorage {

	void write(UUID mediaId, byte[] bytes);

	Optional<byte[]> read(UUID mediaId);

}

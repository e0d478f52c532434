package dev.switchboard.media;

import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Media bytes as {@code bytea} rows beside the media table; they go when their media row
 * goes.
 */
@Component
class DatabaseMediaStorage implements MediaStorage {

	private final JdbcClient jdbc;

	DatabaseMediaStorage(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public void write(UUID mediaId, byte[] bytes) {
		this.jdbc.sql("insert into media_blobs (media_id, bytes) values (:id, :bytes)")
			.param("id", mediaId)
			.param("bytes", bytes)
			.update();
	}

	@Override
	public Optional<byte[]> read(UUID mediaId) {
		return this.jdbc.sql("select bytes from media_blobs where media_id = :id")
			.param("id", mediaId)
			.query(byte[].class)
			.optional();
	}

}

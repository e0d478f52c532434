package dev.switchboard.media;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

import dev.switchboard.common.error.PayloadTooLargeException;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stores and reads a workspace's media: the row here, the bytes in {@link MediaStorage}.
 * Every read is scoped to a workspace.
 */
@Service
@EnableConfigurationProperties(MediaProperties.class)
public class MediaService {

	private static final String COLUMNS = "id, workspace_id, content_type, filename, size, created_at";

	private final JdbcClient jdbc;

	private final MediaStorage storage;

	private final MediaProperties properties;

	private final Clock clock;

	MediaService(JdbcClient jdbc, MediaStorage storage, MediaProperties properties, Clock clock) {
		this.jdbc = jdbc;
		this.storage = storage;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * Stores the bytes with the type sniffed from them.
	 * @throws PayloadTooLargeException over {@code switchboard.media.max-size}
	 */
	@Transactional
	public Media store(UUID workspaceId, String filename, byte[] bytes) {
		if (bytes.length > maxSize()) {
			throw new PayloadTooLargeException(maxSize());
		}
		Media media = new Media(UUID.randomUUID(), workspaceId, MediaTypes.sniff(bytes, filename), filename,
				bytes.length, this.clock.instant().truncatedTo(ChronoUnit.MICROS));
		this.jdbc.sql("""
				insert into media (id, workspace_id, content_type, filename, size, created_at)
				values (:id, :workspace, :type, :filename, :size, :created)""")
			.param("id", media.id())
			.param("workspace", workspaceId)
			.param("type", media.contentType())
			.param("filename", filename)
			.param("size", media.size())
			.param("created", Timestamp.from(media.createdAt()))
			.update();
		this.storage.write(media.id(), bytes);
		return media;
	}

	public Optional<Media> find(UUID workspaceId, UUID id) {
		return this.jdbc.sql("select " + COLUMNS + " from media where workspace_id = :workspace and id = :id")
			.param("workspace", workspaceId)
			.param("id", id)
			.query(MediaService::media)
			.optional();
	}

	/** The bytes of the workspace's media, empty when it has none with this id. */
	public Optional<byte[]> content(UUID workspaceId, UUID id) {
		return find(workspaceId, id).flatMap((media) -> this.storage.read(media.id()));
	}

	/** The content type this data would be stored with. */
	public String sniff(byte[] bytes, String filename) {
		return MediaTypes.sniff(bytes, filename);
	}

	public long maxSize() {
		return this.properties.maxSize().toBytes();
	}

	private static Media media(ResultSet rs, int row) throws SQLException {
		return new Media(rs.getObject("id", UUID.class), rs.getObject("workspace_id", UUID.class),
				rs.getString("content_type"), rs.getString("filename"), rs.getLong("size"),
				rs.getTimestamp("created_at").toInstant());
	}

}

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
		return store(UUID.randomUUID(), workspaceId, filename, bytes);
	}

	/**
	 * Stores the bytes under an id chosen beforehand (a presigned upload's).
	 * @throws PayloadTooLargeException over {@code switchboard.media.max-size}
	 */
	@Transactional
	public Media store(UUID id, UUID workspaceId, String filename, byte[] bytes) {
		if (bytes.length > maxSize()) {
			throw new PayloadTooLargeException(maxSize());
		}
		Media media = new Media(id, workspaceId, MediaTypes.sniff(bytes, filename), filename, bytes.length,
				this.clock.instant().truncatedTo(ChronoUnit.MICROS));
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

	/**
	 * Links stored media to the message that carries it, so that
	 * {@code /workspaces/{ws}/messages/{messageId}/media/{mediaId}} serves it. Nothing
	 * happens when the workspace has no such message (a mail that was a duplicate and so
	 * not stored).
	 * @param sourceMediaId the platform's id the media was fetched by, or {@code null}
	 */
	@Transactional
	public void attach(UUID workspaceId, UUID messageId, UUID mediaId, String sourceMediaId) {
		this.jdbc.sql("""
				insert into message_media (message_id, media_id, workspace_id, source_media_id)
				select :message, :media, :workspace, :source
				where exists (select 1 from messages where id = :message and workspace_id = :workspace)""")
			.param("message", messageId)
			.param("media", mediaId)
			.param("workspace", workspaceId)
			.param("source", sourceMediaId)
			.update();
	}

	/**
	 * The media a message of the workspace carries, by our id or by the platform's.
	 */
	public Optional<Media> findAttached(UUID workspaceId, UUID messageId, String mediaId) {
		return this.jdbc.sql("""
				select m.id, m.workspace_id, m.content_type, m.filename, m.size, m.created_at
				from message_media l join media m on m.id = l.media_id
				where l.workspace_id = :workspace and l.message_id = :message
				    and (l.source_media_id = :id or l.media_id::text = :id)""")
			.param("workspace", workspaceId)
			.param("message", messageId)
			.param("id", mediaId)
			.query(MediaService::media)
			.optional();
	}

	/** Media by id whatever its workspace, for a link whose signature names it. */
	Optional<Media> findAnywhere(UUID id) {
		return this.jdbc.sql("select " + COLUMNS + " from media where id = :id")
			.param("id", id)
			.query(MediaService::media)
			.optional();
	}

	Optional<byte[]> bytes(UUID id) {
		return this.storage.read(id);
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

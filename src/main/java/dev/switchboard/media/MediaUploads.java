package dev.switchboard.media;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import dev.switchboard.common.error.BadRequestException;
import dev.switchboard.common.error.ConflictException;
import dev.switchboard.common.error.ForbiddenException;
import dev.switchboard.common.error.PayloadTooLargeException;
import dev.switchboard.common.web.SwitchboardProperties;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Presigned uploads: a signed URL, valid 15 minutes, that takes one file for a channel
 * with no other credentials. The bytes must be of the declared type (sniffed, not
 * trusted) and within {@code switchboard.media.max-size}; the media then has the id the
 * upload was given.
 */
@Component
public class MediaUploads {

	/** How long an upload URL works. */
	public static final Duration VALIDITY = Duration.ofMinutes(15);

	static final String PURPOSE = "upload";

	private final JdbcClient jdbc;

	private final MediaService media;

	private final MediaSignatures signatures;

	private final SwitchboardProperties switchboard;

	private final Clock clock;

	MediaUploads(JdbcClient jdbc, MediaService media, MediaSignatures signatures, SwitchboardProperties switchboard,
			Clock clock) {
		this.jdbc = jdbc;
		this.media = media;
		this.signatures = signatures;
		this.switchboard = switchboard;
		this.clock = clock;
	}

	/**
	 * Prepares an upload of a file for a channel of the workspace.
	 * @param contentType the type the file must have
	 * @param size its length in bytes
	 * @throws PayloadTooLargeException when the size is over the limit
	 */
	@Transactional
	public Presigned presign(UUID workspaceId, UUID channelId, String contentType, String filename, long size) {
		if (size > this.media.maxSize()) {
			throw new PayloadTooLargeException(this.media.maxSize());
		}
		UUID id = UUID.randomUUID();
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.SECONDS);
		Instant expiresAt = now.plus(VALIDITY);
		this.jdbc.sql("""
				insert into media_uploads (id, workspace_id, channel_id, content_type, filename, size, expires_at,
				    created_at)
				values (:id, :workspace, :channel, :type, :filename, :size, :expires, :now)""")
			.param("id", id)
			.param("workspace", workspaceId)
			.param("channel", channelId)
			.param("type", baseType(contentType))
			.param("filename", filename)
			.param("size", size)
			.param("expires", Timestamp.from(expiresAt))
			.param("now", Timestamp.from(now))
			.update();
		String uploadUrl = this.switchboard.publicUrl() + "/media/uploads/" + id + "?expires="
				+ expiresAt.getEpochSecond() + "&signature=" + this.signatures.sign(PURPOSE, id, expiresAt);
		return new Presigned(id, outgoingUrl(workspaceId, channelId, id), uploadUrl, expiresAt);
	}

	/**
	 * Takes the bytes of a presigned upload, once.
	 * @throws ForbiddenException when the signature is not ours or the URL has expired
	 * @throws ConflictException when the URL was used already
	 * @throws PayloadTooLargeException over the limit
	 * @throws UnsupportedMediaTypeException when the bytes are not of the declared type
	 */
	@Transactional
	public Media complete(UUID uploadId, long expires, String signature, InputStream body) {
		if (!this.signatures.valid(PURPOSE, uploadId, expires, signature)
				|| expires <= this.clock.instant().getEpochSecond()) {
			throw new ForbiddenException("The upload URL is not valid or has expired; ask for a new one.");
		}
		Upload upload = this.jdbc.sql("""
				select workspace_id, content_type, filename, size, used_at is not null as used
				from media_uploads where id = :id for update""")
			.param("id", uploadId)
			.query((rs, row) -> new Upload(rs.getObject("workspace_id", UUID.class), rs.getString("content_type"),
					rs.getString("filename"), rs.getLong("size"), rs.getBoolean("used")))
			.optional()
			.orElseThrow(
					() -> new ForbiddenException("The upload URL is not valid or has expired; ask for a new one."));
		if (upload.used()) {
			throw new ConflictException("The upload URL has been used already; ask for a new one.");
		}
		byte[] bytes = read(body, this.media.maxSize());
		if (bytes.length != upload.size()) {
			throw new BadRequestException(
					"The upload is " + bytes.length + " bytes long; " + upload.size() + " were declared.");
		}
		String sniffed = baseType(this.media.sniff(bytes, upload.filename()));
		if (!sniffed.equals(upload.contentType())) {
			throw new UnsupportedMediaTypeException(
					"The file is " + sniffed + ", not the declared " + upload.contentType() + ".");
		}
		this.jdbc.sql("update media_uploads set used_at = :now where id = :id")
			.param("now", Timestamp.from(this.clock.instant()))
			.param("id", uploadId)
			.update();
		return this.media.store(uploadId, upload.workspaceId(), upload.filename(), bytes);
	}

	/**
	 * Media uploaded for a channel of the workspace.
	 */
	public Optional<Media> findOutgoing(UUID workspaceId, UUID channelId, UUID mediaId) {
		boolean uploaded = this.jdbc.sql("""
				select exists (select 1 from media_uploads
				where id = :id and workspace_id = :workspace and channel_id = :channel and used_at is not null)""")
			.param("id", mediaId)
			.param("workspace", workspaceId)
			.param("channel", channelId)
			.query(Boolean.class)
			.single();
		return uploaded ? this.media.find(workspaceId, mediaId) : Optional.empty();
	}

	/**
	 * Where the API serves media uploaded for a channel, and what messages refer to it
	 * by.
	 */
	public String outgoingUrl(UUID workspaceId, UUID channelId, UUID mediaId) {
		return this.switchboard.publicUrl() + outgoingPath(workspaceId, channelId) + mediaId;
	}

	/**
	 * The path prefix of the URLs of media uploaded for a channel.
	 */
	public static String outgoingPath(UUID workspaceId, UUID channelId) {
		return "/workspaces/" + workspaceId + "/channels/" + channelId + "/media/";
	}

	private static byte[] read(InputStream body, long max) {
		try {
			byte[] bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
			if (bytes.length > max) {
				throw new PayloadTooLargeException(max);
			}
			return bytes;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static String baseType(String contentType) {
		int semicolon = contentType.indexOf(';');
		return ((semicolon >= 0) ? contentType.substring(0, semicolon) : contentType).trim().toLowerCase(Locale.ROOT);
	}

	/**
	 * A prepared upload.
	 *
	 * @param mediaId the id the media will have
	 * @param mediaUrl what a message refers to it by
	 * @param uploadUrl where to {@code PUT} the bytes
	 * @param expiresAt when the upload URL stops working
	 */
	public record Presigned(UUID mediaId, String mediaUrl, String uploadUrl, Instant expiresAt) {

	}

	private record Upload(UUID workspaceId, String contentType, String filename, long size, boolean used) {

	}

}

package dev.switchboard.media;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

import dev.switchboard.common.error.NotFoundException;
import dev.switchboard.common.security.Action;
import dev.switchboard.common.security.Audience;
import dev.switchboard.common.security.Endpoint;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The two media URLs that carry their own credentials: the presigned upload ({@code PUT})
 * and the public link platforms fetch media from.
 */
@RestController
class MediaController {

	private final MediaUploads uploads;

	private final MediaLinks links;

	private final MediaService media;

	MediaController(MediaUploads uploads, MediaLinks links, MediaService media) {
		this.uploads = uploads;
		this.links = links;
		this.media = media;
	}

	@Endpoint(action = Action.CREATE, resource = "/media/uploads/{upload_id}", audience = Audience.PUBLIC)
	@PutMapping("/media/uploads/{uploadId}")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, description = "the file's bytes",
			content = @Content(mediaType = "application/octet-stream",
					schema = @Schema(type = "string", format = "binary")))
	Uploaded upload(@PathVariable UUID uploadId, @RequestParam long expires, @RequestParam String signature,
			HttpServletRequest request) {
		try {
			Media stored = this.uploads.complete(uploadId, expires, signature, request.getInputStream());
			return new Uploaded(stored.id(), stored.contentType(), stored.filename(), stored.size());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Endpoint(action = Action.VIEW, resource = "/media/{media_id}", audience = Audience.PUBLIC)
	@GetMapping("/media/{mediaId}")
	ResponseEntity<byte[]> fetch(@PathVariable UUID mediaId, @RequestParam long expires,
			@RequestParam String signature) {
		if (!this.links.valid(mediaId, expires, signature)) {
			throw notFound();
		}
		Media found = this.media.findAnywhere(mediaId).orElseThrow(MediaController::notFound);
		return MediaResponses.of(found, this.media.bytes(found.id()).orElseThrow(MediaController::notFound));
	}

	private static NotFoundException notFound() {
		return new NotFoundException("No such media, or the link has expired.");
	}

	/**
	 * A finished upload.
	 *
	 * @param mediaId the media's id
	 * @param contentType its type
	 * @param filename its name, if any
	 * @param size its length in bytes
	 */
	@JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Uploaded(UUID mediaId, String contentType, String filename, long size) {
	}

}

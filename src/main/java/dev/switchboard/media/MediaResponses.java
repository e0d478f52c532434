package dev.switchboard.media;

import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Stored media as an HTTP answer. Served from the API's own origin, so the browser is
 * told not to guess another type and to run nothing in it (an SVG or HTML file could hold
 * a script).
 */
public final class MediaResponses {

	private MediaResponses() {
	}

	public static ResponseEntity<byte[]> of(Media media, byte[] bytes) {
		ContentDisposition disposition = ContentDisposition.inline()
			.filename((media.filename() != null) ? media.filename() : media.id().toString(),
					java.nio.charset.StandardCharsets.UTF_8)
			.build();
		return ResponseEntity.ok()
			.contentType(MediaType.parseMediaType(media.contentType()))
			.contentLength(bytes.length)
			.cacheControl(CacheControl.noStore())
			.header(HttpHeaders.CONTENT_DISPOSITION, disposition.toString())
			.header("X-Content-Type-Options", "nosniff")
			.header("Content-Security-Policy", "sandbox; default-src 'none'")
			.body(bytes);
	}

}

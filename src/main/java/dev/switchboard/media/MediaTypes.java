package dev.switchboard.media;

import org.apache.tika.Tika;

/**
 * Content types read from the bytes themselves (magic numbers, then the file name as a
 * hint for formats without any, such as plain text), so a client cannot make an
 * executable pass for an image.
 */
final class MediaTypes {

	private static final Tika TIKA = new Tika();

	private MediaTypes() {
	}

	static String sniff(byte[] bytes, String filename) {
		return TIKA.detect(bytes, filename);
	}

}

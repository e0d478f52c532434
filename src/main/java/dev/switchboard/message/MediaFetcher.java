package dev.switchboard.message;

import java.util.UUID;

/**
 * Downloads the media a platform sends as an id rather than a URL (WhatsApp), with the
 * channel's credentials. Sources that need it implement it; the media is fetched on first
 * use and kept.
 */
public interface MediaFetcher {

	/**
	 * The source whose media this fetches.
	 */
	String source();

	/**
	 * Downloads a media.
	 * @param channelId the channel the message came on
	 * @param mediaId the platform's id of the media
	 * @param maxBytes the most bytes to take; a larger file is refused
	 * @return the bytes and what the platform says of them
	 * @throws dev.switchboard.common.error.ApiException when the platform refuses or
	 * cannot be reached (a 502), or the file is too large
	 */
	Fetched fetch(UUID channelId, String mediaId, long maxBytes);

	/**
	 * A downloaded media.
	 *
	 * @param bytes its content
	 * @param filename its name, if the platform gives one
	 */
	record Fetched(byte[] bytes, String filename) {

	}

}

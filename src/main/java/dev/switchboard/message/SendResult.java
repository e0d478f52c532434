package dev.switchboard.message;

import java.time.Duration;

import tools.jackson.databind.JsonNode;

/**
 * What became of one attempt to send a message.
 */
public sealed interface SendResult {

	/**
	 * The platform took the message.
	 *
	 * @param sourceMessageId the platform's id of the message, if it gave one
	 */
	record Delivered(String sourceMessageId) implements SendResult {

	}

	/**
	 * A failure worth retrying (timeout, 5xx, rate limit).
	 *
	 * @param error a readable reason
	 * @param retryAfter the earliest retry the platform asked for, or {@code null}
	 */
	record Retry(String error, Duration retryAfter) implements SendResult {

	}

	/**
	 * A failure that retrying cannot fix; the message ends {@code FAILED}.
	 *
	 * @param error a readable reason, shown as {@code metadata.error}
	 * @param sourceError the platform's raw error, shown as
	 * {@code metadata.source.error}, or {@code null}
	 */
	record Failed(String error, JsonNode sourceError) implements SendResult {

	}

}

package dev.switchboard.source.inbox;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * A stored webhook event: the raw body as the platform sent it.
 *
 * @param id the event id
 * @param source the source
 * @param contentType the request's content type
 * @param body the raw body
 * @param receivedAt when it arrived
 * @param attempt 1 for the first processing attempt
 */
public record WebhookEvent(long id, String source, String contentType, byte[] body, Instant receivedAt, int attempt) {

	public String text() {
		return new String(this.body, StandardCharsets.UTF_8);
	}

}

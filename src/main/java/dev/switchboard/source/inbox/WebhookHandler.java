package dev.switchboard.source.inbox;

import java.util.List;

import dev.switchboard.message.Inbound;

/**
 * Translates a source's stored webhook events into {@link Inbound} events, and nothing
 * else: the inbox reads the raw body into the handler's payload type, and the message
 * feature applies what the handler returns, in one transaction with the event's
 * completion. Either both commit or the event is tried again, so the same body may be
 * translated twice (platform message ids keep messages unique).
 *
 * @param <P> the payload: a record of the platform's JSON, or a
 * {@code MultiValueMap<String, String>} for form posts
 */
public interface WebhookHandler<P> {

	/**
	 * The source whose events this handles (the one its controller stores them under).
	 */
	String source();

	/**
	 * What the body is read into.
	 */
	Class<P> payloadType();

	/**
	 * The events one delivery carries.
	 * @param payload the body, read
	 * @param event the stored event (its arrival time, which attempt this is)
	 * @throws RuntimeException to have the event tried again later
	 */
	List<Inbound> translate(P payload, WebhookEvent event);

}

package dev.switchboard.source.inbox;

/**
 * Processes a stored webhook event of one source. It runs in a transaction with the
 * event's completion: either both commit or the event is tried again, so a handler must
 * tolerate seeing an event twice (platform message ids make messages unique).
 */
@Deprecated(forRemoval = true)
public interface LegacyWebhookHandler {

	/**
	 * The source whose events this handles.
	 */
	String source();

	/**
	 * Processes one event.
	 * @return {@link Outcome#IGNORED} for an event that concerns nothing here (an unknown
	 * or disconnected channel), otherwise {@link Outcome#DONE}
	 * @throws RuntimeException to have the event retried later
	 */
	Outcome handle(WebhookEvent event);

	/**
	 * How an event ended.
	 */
	enum Outcome {

		DONE, IGNORED

	}

}

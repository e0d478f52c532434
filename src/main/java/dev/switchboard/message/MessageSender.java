package dev.switchboard.message;

import java.util.Optional;

/**
 * Delivers messages to one source's platform. Each source package implements it; the
 * delivery worker calls it outside any transaction, with retries for
 * {@link SendResult.Retry} results.
 */
public interface MessageSender {

	/**
	 * The source this sender delivers for.
	 */
	String source();

	/**
	 * Says why the source cannot carry this content, or nothing when it can.
	 * @param content the typed content
	 */
	default Optional<String> refuse(MessageContent content) {
		return Optional.empty();
	}

	/**
	 * Whether {@code messages.send} with a channel and a recipient may start a new
	 * conversation on this source.
	 */
	default boolean canStartConversations() {
		return false;
	}

	/**
	 * Sends one message. Implementations time out their calls and say whether a failure
	 * is worth retrying.
	 */
	SendResult send(OutboundMessage message);

}

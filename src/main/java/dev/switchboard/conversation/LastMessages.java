package dev.switchboard.conversation;

import java.util.Collection;
import java.util.Map;
import java.util.UUID;

/**
 * Looks up messages for the {@code last_message} of conversations. The message feature
 * implements it, so that conversations need not know how messages are stored.
 */
public interface LastMessages {

	/**
	 * The messages with these ids, in their API shape, by id (one query).
	 */
	Map<UUID, ?> find(Collection<UUID> messageIds);

}

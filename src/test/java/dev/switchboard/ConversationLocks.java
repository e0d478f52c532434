package dev.switchboard;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;

import dev.switchboard.conversation.ConversationService;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static org.awaitility.Awaitility.await;

/**
 * What the tests of event ordering ask of the conversations' advisory locks: to see a
 * transaction wait for one, and to hold one until another does.
 */
public final class ConversationLocks {

	private final JdbcClient jdbc;

	private final TransactionTemplate transaction;

	private final ConversationService conversations;

	public ConversationLocks(JdbcClient jdbc, TransactionTemplate transaction, ConversationService conversations) {
		this.jdbc = jdbc;
		this.transaction = transaction;
		this.conversations = conversations;
	}

	/**
	 * In one transaction, as an admin of the workspace: takes the conversation's lock as
	 * every writer does before its first write, counts {@code holding} down, waits until
	 * another transaction waits for the lock, then writes.
	 */
	public void holdThenWrite(UUID workspaceId, UUID conversationId, CountDownLatch holding, Runnable write) {
		Conversations.asAdminOf(workspaceId, () -> this.transaction.execute((status) -> {
			this.conversations.lock(conversationId);
			holding.countDown();
			await().atMost(Duration.ofSeconds(20)).until(() -> waitedFor(conversationId.toString()));
			write.run();
			return null;
		}));
	}

	/**
	 * Whether a transaction waits for a conversation's lock (by id, or by channel and
	 * contact, {@code channel_id + "\n" + source_contact_id}, for one not started yet).
	 */
	public boolean waitedFor(String key) {
		return this.jdbc.sql("""
				select exists (select 1 from pg_locks where locktype = 'advisory' and not granted
				    and classid = 5 and objsubid = 2 and objid = (hashtext(:id)::bigint & 4294967295)::oid)""")
			.param("id", key)
			.query(Boolean.class)
			.single();
	}

}

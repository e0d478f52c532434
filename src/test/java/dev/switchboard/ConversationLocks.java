package dev.switchboard;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What the tests of event ordering ask of the conversations' advisory locks.
 */
public final class ConversationLocks {

	private ConversationLocks() {
	}

	/**
	 * Whether a transaction waits for a conversation's lock (by id, or by channel and
	 * contact, {@code channel_id + "\n" + source_contact_id}, for one not started yet).
	 */
	public static boolean waitedFor(JdbcClient jdbc, String key) {
		return jdbc.sql("""
				select exists (select 1 from pg_locks where locktype = 'advisory' and not granted
				    and classid = 5 and objsubid = 2 and objid = (hashtext(:id)::bigint & 4294967295)::oid)""")
			.param("id", key)
			.query(Boolean.class)
			.single();
	}

}

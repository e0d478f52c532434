package dev.switchboard.common.db;

import java.util.Collection;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * PostgreSQL transaction-scoped advisory locks, which serialise decisions across
 * concurrent requests and instances. Every kind of lock is listed here, so no two
 * features share a lock class by accident. Taking one assigns the transaction no id.
 */
@Component
public class AdvisoryLocks {

	/**
	 * What a lock serialises; the number is the lock's class, its key is hashed within
	 * it.
	 */
	public enum Kind {

		/** Logins and reset requests from one client address. */
		CLIENT_ADDRESS(1),

		/** Decisions over the whole set of users (the first user, a taken email). */
		USERS(2),

		/** Connecting one platform account. */
		PLATFORM_ACCOUNT(3),

		/** The changes of one conversation, so its events are in commit order. */
		CONVERSATION(5),

		/** Decisions over a workspace's members (its last admin). */
		WORKSPACE_MEMBERS(6),

		/** Password-reset requests for one email. */
		RESET_EMAIL(12),

		/** New chat plugin conversations on one channel. */
		CHATPLUGIN_CHANNEL(13),

		/** New chat plugin conversations from one client address. */
		CHATPLUGIN_ADDRESS(14),

		/** The first download of one platform media of a message. */
		MESSAGE_MEDIA(15),

		/**
		 * One workspace's integrations and default accounts of one channel type (seed
		 * 002).
		 */
		INTEGRATION(16);

		// class 4 is the event sequencer's, taken with pg_try_advisory_xact_lock in
		// realtime; class 7 holds claimed inbound webhook events (source.inbox), keyed by
		// their id modulo 2^31 - 1

		private final int lockClass;

		Kind(int lockClass) {
			this.lockClass = lockClass;
		}

	}

	private final JdbcClient jdbc;

	AdvisoryLocks(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Waits for the lock of that kind and key and holds it until the transaction ends.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void lock(Kind kind, String key) {
		this.jdbc.sql("select pg_advisory_xact_lock(:class, hashtext(:key))")
			.param("class", kind.lockClass)
			.param("key", key)
			.query((rs, row) -> null)
			.list();
	}

	/**
	 * Waits for the locks of that kind and keys, in one statement whatever their number,
	 * and holds them until the transaction ends. They are taken in the order of their
	 * hashes, so two transactions taking overlapping sets this way never deadlock.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void lockAll(Kind kind, Collection<String> keys) {
		if (keys.isEmpty()) {
			return;
		}
		this.jdbc.sql("""
				select pg_advisory_xact_lock(:class, k.hash)
				from (select distinct hashtext(key) as hash from unnest(cast(:keys as text[])) key order by 1) k""")
			.param("class", kind.lockClass)
			.param("keys", keys.toArray(String[]::new))
			.query((rs, row) -> null)
			.list();
	}

}

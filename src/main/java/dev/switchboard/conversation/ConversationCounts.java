package dev.switchboard.conversation;

import java.util.concurrent.TimeUnit;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The inbox's counts without counting: all conversations a scope sees and those of them
 * with unread messages, read from the count rows the database keeps per workspace and
 * channel (V12: triggers append a delta in every transaction that changes a count), plus
 * the deltas not folded in yet. Exact, and a read costs the same whatever the number of
 * conversations.
 */
@Component
class ConversationCounts {

	private final JdbcClient jdbc;

	ConversationCounts(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * All conversations the scope sees, and those with unread messages.
	 */
	long[] count(Scope scope) {
		// the scope's condition names c.workspace_id and c.channel_id: the union is c
		return this.jdbc.sql("""
				select coalesce(sum(c.total), 0), coalesce(sum(c.unread), 0) from (
				    select workspace_id, channel_id, total, unread from conversation_counts
				    where workspace_id = :scope_workspace
				    union all
				    select workspace_id, channel_id, total, unread from conversation_count_deltas
				    where workspace_id = :scope_workspace) c
				where\s""" + scope.sql())
			.params(scope.parameters())
			.query((rs, row) -> new long[] { rs.getLong(1), rs.getLong(2) })
			.single();
	}

	/**
	 * Folds the deltas into the count rows, in key order (so that two instances folding
	 * at once wait for each other rather than deadlock), and drops rows of channels
	 * without conversations.
	 */
	@Scheduled(fixedDelay = 1, timeUnit = TimeUnit.SECONDS)
	@Transactional
	public void fold() {
		this.jdbc.sql("""
				with moved as (delete from conversation_count_deltas returning workspace_id, channel_id, total, unread)
				insert into conversation_counts as k (workspace_id, channel_id, total, unread)
				select workspace_id, channel_id, sum(total), sum(unread) from moved
				group by workspace_id, channel_id order by workspace_id, channel_id
				on conflict (workspace_id, channel_id)
				do update set total = k.total + excluded.total, unread = k.unread + excluded.unread""").update();
		this.jdbc.sql("delete from conversation_counts where total = 0 and unread = 0").update();
	}

}

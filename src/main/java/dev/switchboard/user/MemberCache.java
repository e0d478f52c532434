package dev.switchboard.user;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import dev.switchboard.common.ExpiringCache;
import dev.switchboard.common.security.Member;
import dev.switchboard.common.security.MemberDirectory;
import dev.switchboard.common.security.Role;
import dev.switchboard.workspace.WorkspaceService.MembershipChanged;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * What every request checks about its user: the membership of the token's workspace (its
 * role, whether it is active, its divisions) and the user's own state. Looked up once and
 * kept for a few seconds, so a request costs no query; dropped on this instance as soon
 * as a change commits, so a role change, a deactivation or a password reset takes effect
 * at the next request. Other instances see it when their copy expires ({@link #TTL}).
 */
@Component
class MemberCache implements MemberDirectory {

	static final Duration TTL = Duration.ofSeconds(5);

	private static final int MAX_ENTRIES = 10_000;

	private final ExpiringCache<Key, Optional<Snapshot>> entries;

	private final JdbcClient jdbc;

	MemberCache(JdbcClient jdbc, Clock clock) {
		this.entries = new ExpiringCache<>(TTL, MAX_ENTRIES, clock);
		this.jdbc = jdbc;
	}

	/**
	 * The user's state in the workspace, or empty when the user is no member of it.
	 */
	Optional<Snapshot> get(UUID userId, UUID workspaceId) {
		return this.entries.get(new Key(userId, workspaceId), (key) -> load(key.userId(), key.workspaceId()));
	}

	@Override
	public Optional<Member> find(UUID userId, UUID workspaceId) {
		return get(userId, workspaceId).filter(Snapshot::active)
			.map((snapshot) -> new Member(userId, workspaceId, snapshot.role(), snapshot.divisionIds()));
	}

	/**
	 * Runs before the other listeners of the change, which may check the member again.
	 */
	@TransactionalEventListener(fallbackExecution = true)
	@Order(Ordered.HIGHEST_PRECEDENCE)
	void membershipChanged(MembershipChanged changed) {
		forget(changed.userId());
	}

	void forget(UUID userId) {
		this.entries.removeIf((key, snapshot) -> key.userId().equals(userId));
	}

	private Optional<Snapshot> load(UUID userId, UUID workspaceId) {
		return this.jdbc.sql("""
				select m.role, m.active and u.status = 'ACTIVE' as active, u.credentials_changed_at,
				    array(select d.division_id from membership_divisions d
				        where d.workspace_id = m.workspace_id and d.user_id = m.user_id) as division_ids
				from memberships m join users u on u.id = m.user_id
				where m.user_id = :user and m.workspace_id = :workspace""")
			.param("user", userId)
			.param("workspace", workspaceId)
			.query((rs, row) -> new Snapshot(Role.valueOf(rs.getString(1)), rs.getBoolean(2),
					rs.getTimestamp(3).toInstant(), Set.copyOf(List.of((UUID[]) rs.getArray(4).getArray()))))
			.optional();
	}

	/**
	 * A member's state.
	 *
	 * @param role the role in the workspace
	 * @param active whether the user and the membership are active
	 * @param credentialsChangedAt tokens issued before this are refused
	 * @param divisionIds the divisions the member belongs to
	 */
	record Snapshot(Role role, boolean active, Instant credentialsChangedAt, Set<UUID> divisionIds) {
	}

	private record Key(UUID userId, UUID workspaceId) {
	}

}

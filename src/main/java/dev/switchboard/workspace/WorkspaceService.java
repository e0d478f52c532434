package dev.switchboard.workspace;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.switchboard.common.db.AdvisoryLocks;
import dev.switchboard.common.error.NotFoundException;
import dev.switchboard.common.security.Role;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Workspaces and their members. Every change of a membership publishes
 * {@link MembershipChanged}, so that cached views of it are dropped.
 */
@Service
public class WorkspaceService {

	/** The workspace of an installation's first user. */
	public static final String DEFAULT_NAME = "Default";

	private final WorkspaceRepository workspaces;

	private final ApplicationEventPublisher publisher;

	private final AdvisoryLocks locks;

	private final Clock clock;

	WorkspaceService(WorkspaceRepository workspaces, ApplicationEventPublisher publisher, AdvisoryLocks locks,
			Clock clock) {
		this.workspaces = workspaces;
		this.publisher = publisher;
		this.locks = locks;
		this.clock = clock;
	}

	/**
	 * Creates a workspace whose admin is its creator.
	 */
	@Transactional
	public WorkspaceView create(String name, UUID creatorId) {
		Instant now = this.clock.instant();
		WorkspaceView workspace = this.workspaces.insert(name.trim(), now);
		this.workspaces.putMember(workspace.id(), creatorId, Role.ADMIN, now);
		changed(creatorId);
		return workspace;
	}

	@Transactional(readOnly = true)
	public WorkspaceView find(UUID id) {
		return this.workspaces.find(id).orElseThrow(WorkspaceService::notFound);
	}

	@Transactional
	public WorkspaceView rename(UUID id, String name) {
		if (!this.workspaces.rename(id, name.trim(), this.clock.instant())) {
			throw notFound();
		}
		return find(id);
	}

	/**
	 * The oldest workspace, where open signups land.
	 */
	@Transactional(readOnly = true)
	public Optional<UUID> oldest() {
		return this.workspaces.oldest();
	}

	@Transactional(readOnly = true)
	public Optional<Membership> membership(UUID workspaceId, UUID userId) {
		return this.workspaces.membership(workspaceId, userId);
	}

	/**
	 * A user's memberships, the one used last first.
	 */
	@Transactional(readOnly = true)
	public List<Membership> memberships(UUID userId) {
		return this.workspaces.memberships(userId);
	}

	/**
	 * Makes a user a member with a role (an existing membership takes the role and is
	 * active again).
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void putMember(UUID workspaceId, UUID userId, Role role) {
		this.workspaces.putMember(workspaceId, userId, role, this.clock.instant());
		changed(userId);
	}

	@Transactional(propagation = Propagation.MANDATORY)
	public boolean setRole(UUID workspaceId, UUID userId, Role role) {
		boolean found = this.workspaces.setRole(workspaceId, userId, role, this.clock.instant());
		changed(userId);
		return found;
	}

	@Transactional(propagation = Propagation.MANDATORY)
	public boolean setActive(UUID workspaceId, UUID userId, boolean active) {
		boolean found = this.workspaces.setActive(workspaceId, userId, active, this.clock.instant());
		changed(userId);
		return found;
	}

	@Transactional(propagation = Propagation.MANDATORY)
	public boolean remove(UUID workspaceId, UUID userId) {
		boolean found = this.workspaces.remove(workspaceId, userId);
		changed(userId);
		return found;
	}

	/**
	 * Records that the user works in the workspace now (a login picks it next time).
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void touch(UUID workspaceId, UUID userId) {
		this.workspaces.touch(workspaceId, userId, this.clock.instant());
	}

	@Transactional(propagation = Propagation.MANDATORY)
	public long countActiveAdmins(UUID workspaceId) {
		return this.workspaces.countActiveAdmins(workspaceId);
	}

	@Transactional(readOnly = true)
	public List<Membership> members(UUID workspaceId, Instant afterCreatedAt, UUID afterUserId, boolean backward,
			int limit) {
		return this.workspaces.members(workspaceId, afterCreatedAt, afterUserId, backward, limit);
	}

	@Transactional(readOnly = true)
	public long countMembers(UUID workspaceId) {
		return this.workspaces.countMembers(workspaceId);
	}

	/**
	 * Serialises the decisions that look at a workspace's whole set of members (the last
	 * admin) across concurrent requests and instances.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void lockMembers(UUID workspaceId) {
		this.locks.lock(AdvisoryLocks.Kind.WORKSPACE_MEMBERS, workspaceId.toString());
	}

	private void changed(UUID userId) {
		this.publisher.publishEvent(new MembershipChanged(userId));
	}

	private static NotFoundException notFound() {
		return new NotFoundException("No such workspace.");
	}

	/**
	 * A user's memberships changed (published in the changing transaction).
	 *
	 * @param userId the user
	 */
	public record MembershipChanged(UUID userId) {

	}

}

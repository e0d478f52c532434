package dev.switchboard.workspace;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.switchboard.common.error.BadRequestException;
import dev.switchboard.common.error.ConflictException;
import dev.switchboard.common.error.NotFoundException;
import dev.switchboard.common.security.CurrentMember;
import dev.switchboard.workspace.WorkspaceService.MembershipChanged;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Divisions, the teams of the caller's workspace, and which members belong to them. An
 * agent sees the conversations of channels without a division or of their divisions;
 * every change of a member's divisions publishes {@link MembershipChanged}, so it applies
 * at their next request.
 */
@Service
public class DivisionService {

	private final DivisionRepository divisions;

	private final ApplicationEventPublisher publisher;

	private final Clock clock;

	DivisionService(DivisionRepository divisions, ApplicationEventPublisher publisher, Clock clock) {
		this.divisions = divisions;
		this.publisher = publisher;
		this.clock = clock;
	}

	/**
	 * Creates a division of the caller's workspace.
	 * @throws ConflictException when the workspace has one of that name (in any case)
	 */
	@Transactional
	public DivisionView create(String name) {
		UUID workspaceId = CurrentMember.workspaceId();
		String trimmed = name.trim();
		requireFreeName(workspaceId, trimmed, null);
		DivisionView division = new DivisionView(UUID.randomUUID(), trimmed);
		try {
			this.divisions.insert(workspaceId, division, this.clock.instant());
		}
		catch (DataIntegrityViolationException ex) {
			throw nameTaken();
		}
		return division;
	}

	@Transactional
	public DivisionView rename(UUID id, String name) {
		UUID workspaceId = CurrentMember.workspaceId();
		String trimmed = name.trim();
		find(workspaceId, id);
		requireFreeName(workspaceId, trimmed, id);
		try {
			this.divisions.rename(workspaceId, id, trimmed, this.clock.instant());
		}
		catch (DataIntegrityViolationException ex) {
			throw nameTaken();
		}
		return new DivisionView(id, trimmed);
	}

	/**
	 * Deletes a division: its channels are then of no division, and its members lose it.
	 */
	@Transactional
	public void delete(UUID id) {
		UUID workspaceId = CurrentMember.workspaceId();
		find(workspaceId, id);
		List<UUID> members = this.divisions.members(id);
		this.divisions.delete(workspaceId, id);
		members.forEach((userId) -> this.publisher.publishEvent(new MembershipChanged(userId)));
	}

	/**
	 * The divisions of the caller's workspace, by name.
	 */
	@Transactional(readOnly = true)
	public List<DivisionView> list() {
		return this.divisions.list(CurrentMember.workspaceId());
	}

	/**
	 * Whether the division belongs to the workspace.
	 */
	@Transactional(readOnly = true)
	public boolean exists(UUID workspaceId, UUID id) {
		return this.divisions.find(workspaceId, id).isPresent();
	}

	/**
	 * Replaces the divisions a member of the workspace belongs to. The caller checks that
	 * the user is a member.
	 * @throws BadRequestException when an id is no division of the workspace
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void setMemberDivisions(UUID workspaceId, UUID userId, Collection<UUID> divisionIds) {
		Set<UUID> ids = new LinkedHashSet<>(divisionIds);
		if (this.divisions.countExisting(workspaceId, ids) != ids.size()) {
			throw new BadRequestException("division_ids: every id must be a division of this workspace");
		}
		this.divisions.replaceMemberDivisions(workspaceId, userId, ids);
		this.publisher.publishEvent(new MembershipChanged(userId));
	}

	/**
	 * The division ids of members of the workspace, sorted, by user; a member of no
	 * division is absent.
	 */
	@Transactional(readOnly = true)
	public Map<UUID, List<UUID>> memberDivisions(UUID workspaceId, Collection<UUID> userIds) {
		return this.divisions.memberDivisions(workspaceId, userIds);
	}

	private DivisionView find(UUID workspaceId, UUID id) {
		return this.divisions.find(workspaceId, id).orElseThrow(() -> new NotFoundException("No such division."));
	}

	private void requireFreeName(UUID workspaceId, String name, UUID exceptId) {
		if (this.divisions.nameTaken(workspaceId, name, exceptId)) {
			throw nameTaken();
		}
	}

	private static ConflictException nameTaken() {
		return new ConflictException("A division with this name already exists.");
	}

}

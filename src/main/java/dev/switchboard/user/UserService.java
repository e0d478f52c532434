package dev.switchboard.user;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.Locale;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;

import dev.switchboard.common.ExpiringCache;
import dev.switchboard.common.db.AdvisoryLocks;
import dev.switchboard.common.error.BadRequestException;
import dev.switchboard.common.error.ConflictException;
import dev.switchboard.common.error.ForbiddenException;
import dev.switchboard.common.error.NotFoundException;
import dev.switchboard.common.error.TooManyRequestsException;
import dev.switchboard.common.error.UnauthorizedException;
import dev.switchboard.common.pagination.Cursor;
import dev.switchboard.common.pagination.Cursors;
import dev.switchboard.common.pagination.KeysetPages;
import dev.switchboard.common.pagination.Page;
import dev.switchboard.common.pagination.PageRequest;
import dev.switchboard.common.security.AuthProperties;
import dev.switchboard.common.security.CurrentMember;
import dev.switchboard.common.security.Role;
import dev.switchboard.common.web.SwitchboardProperties;
import dev.switchboard.user.OneTimeTokens.Purpose;
import dev.switchboard.workspace.MemberDeactivated;
import dev.switchboard.workspace.DivisionService;
import dev.switchboard.workspace.Membership;
import dev.switchboard.workspace.WorkspaceService;
import dev.switchboard.workspace.WorkspaceService.MembershipChanged;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Users: signing up, logging in to a workspace, invitations, password resets and roles
 * (which are per workspace).
 */
@Service
public class UserService {

	static final Duration RESET_VALIDITY = Duration.ofHours(1);

	static final Duration INVITATION_VALIDITY = Duration.ofDays(7);

	static final Duration DISPLAY_NAME_TTL = Duration.ofMinutes(10);

	private static final String CURSOR_KIND = "users";

	/** Keeps the time of a login for an unknown email like that of a known one. */
	private static final String DUMMY_HASH = "{bcrypt}$2a$10$7EqJtq98hPqEX7fNZaFWoOhi5BWX4Z4Dv5YtG3A9wM1JHuk6j7dQ.";

	private final UserRepository users;

	private final OneTimeTokens tokens;

	private final LoginThrottle throttle;

	private final TokenIssuer tokenIssuer;

	private final PasswordEncoder passwords;

	private final AuthProperties properties;

	private final Cursors cursors;

	private final ApplicationEventPublisher events;

	private final AdvisoryLocks locks;

	private final SwitchboardProperties switchboard;

	private final WorkspaceService workspaces;

	private final DivisionService divisions;

	private final Clock clock;

	private final JdbcClient jdbc;

	// the name a member's messages are sent under, read once per member and not on every
	// send: it changes only when an invitation is accepted, which forgets it
	private final ExpiringCache<UUID, Optional<String>> displayNames;

	UserService(UserRepository users, OneTimeTokens tokens, LoginThrottle throttle, TokenIssuer tokenIssuer,
			PasswordEncoder passwords, AuthProperties properties, Cursors cursors, ApplicationEventPublisher events,
			AdvisoryLocks locks, SwitchboardProperties switchboard, WorkspaceService workspaces,
			DivisionService divisions, Clock clock, JdbcClient jdbc) {
		this.users = users;
		this.tokens = tokens;
		this.throttle = throttle;
		this.tokenIssuer = tokenIssuer;
		this.passwords = passwords;
		this.properties = properties;
		this.cursors = cursors;
		this.events = events;
		this.locks = locks;
		this.switchboard = switchboard;
		this.workspaces = workspaces;
		this.divisions = divisions;
		this.clock = clock;
		this.jdbc = jdbc;
		this.displayNames = new ExpiringCache<>(DISPLAY_NAME_TTL, 10_000, clock);
	}

	/**
	 * Signs a user up. The first user of an installation creates the workspace
	 * {@code Default} and is its admin; later ones may sign up only when signup is open,
	 * and join the oldest workspace as agents.
	 */
	@Transactional
	public Authenticated signup(String email, String firstName, String lastName, String password) {
		lockUserSet();
		boolean first = this.users.count() == 0;
		if (!first && !this.properties.openSignup()) {
			throw new ForbiddenException("Signup is closed: ask an admin for an invitation.");
		}
		String normalized = normalize(email);
		if (this.users.findByEmail(normalized).isPresent()) {
			throw new ConflictException("A user with this email already exists.");
		}
		User user = this.users.saveAndFlush(User.registered(normalized, firstName, lastName,
				this.passwords.encode(password), this.clock.instant()));
		UUID workspaceId = this.workspaces.oldest().orElse(null);
		if (workspaceId == null) {
			workspaceId = this.workspaces.create(WorkspaceService.DEFAULT_NAME, user.getId()).id();
		}
		else {
			this.workspaces.putMember(workspaceId, user.getId(), first ? Role.ADMIN : Role.AGENT);
		}
		return authenticated(user, workspaceId);
	}

	/**
	 * Logs a user in to a workspace: the one asked for, else the one used last. After
	 * {@value LoginThrottle#MAX_FAILURES} failures for one email from one client address,
	 * or {@value LoginThrottle#MAX_ADDRESS_FAILURES} from the address whatever the
	 * emails, within the throttle window, the address's attempts are refused until fewer
	 * lie in it; other addresses log in as before.
	 * @param workspaceId the workspace, or {@code null}
	 * @param address the client address
	 * ({@link dev.switchboard.common.web.ClientAddress})
	 */
	@Transactional(noRollbackFor = UnauthorizedException.class)
	public Authenticated login(String email, String password, UUID workspaceId, String address) {
		String normalized = normalize(email);
		Instant now = this.clock.instant();
		this.throttle.lock(address);
		this.throttle.loginBlocked(normalized, address, now).ifPresent((retryAfter) -> {
			throw new TooManyRequestsException("Too many failed logins from your address; try again later.",
					retryAfter);
		});
		User user = this.users.findByEmail(normalized).filter(User::isActive).orElse(null);
		boolean matches = this.passwords.matches(password, (user != null) ? user.getPasswordHash() : DUMMY_HASH);
		List<Membership> memberships = (user != null && matches)
				? this.workspaces.memberships(user.getId()).stream().filter(Membership::active).toList() : List.of();
		if (memberships.isEmpty()) {
			this.throttle.recordFailure(normalized, address, now);
			throw new UnauthorizedException("The email or password is wrong.");
		}
		this.throttle.clear(normalized, address);
		Membership membership = (workspaceId == null) ? memberships.get(0)
				: memberships.stream()
					.filter((candidate) -> candidate.workspaceId().equals(workspaceId))
					.findFirst()
					.orElseThrow(() -> new NotFoundException("No such workspace."));
		return authenticated(user, membership.workspaceId());
	}

	/**
	 * A token for another of the user's workspaces.
	 * @throws NotFoundException when the user is no active member of it
	 */
	@Transactional
	public Authenticated switchWorkspace(UUID userId, UUID workspaceId) {
		this.workspaces.membership(workspaceId, userId)
			.filter(Membership::active)
			.orElseThrow(() -> new NotFoundException("No such workspace."));
		return authenticated(this.users.findById(userId).orElseThrow(), workspaceId);
	}

	/**
	 * Mails a password reset token when the email belongs to an active user; does the
	 * same visible nothing otherwise. At most {@value LoginThrottle#MAX_RESET_REQUESTS}
	 * requests per email, and as many per client address, are accepted within the reset
	 * window, whether or not the email has an account.
	 * @param address the client address
	 * ({@link dev.switchboard.common.web.ClientAddress})
	 * @throws TooManyRequestsException when the email or the address is over its limit
	 */
	@Transactional
	public void requestPasswordReset(String email, String address) {
		String normalized = normalize(email);
		this.throttle.lock(address);
		this.throttle.acquireResetRequest(normalized, address, this.clock.instant()).ifPresent((retryAfter) -> {
			throw new TooManyRequestsException("Too many password reset requests; try again later.", retryAfter);
		});
		this.users.findByEmail(normalized).filter(User::isActive).ifPresent((user) -> {
			String token = this.tokens.issue(user.getId(), null, Purpose.PASSWORD_RESET, RESET_VALIDITY,
					this.clock.instant());
			this.events.publishEvent(new UserMail(user.getEmail(), "Reset your Switchboard password", """
					Someone asked to reset the password of your Switchboard account.
					If it was you, use this token within one hour (it works once):

					%s

					POST %s/users.password-reset {"token": "<the token>", "new_password": "..."}

					or, in a browser: %s/#/reset?token=%s

					If it was not you, ignore this mail.
					""".formatted(token, this.switchboard.publicUrl(), this.switchboard.publicUrl(), token)));
		});
	}

	@Transactional
	public void resetPassword(String token, String newPassword) {
		Instant now = this.clock.instant();
		UUID userId = this.tokens.consume(token, Purpose.PASSWORD_RESET, now)
			.orElseThrow(() -> new BadRequestException("The reset token is unknown, expired or already used."))
			.userId();
		User user = this.users.findById(userId).orElseThrow();
		user.changePassword(this.passwords.encode(newPassword), now);
		this.throttle.clear(user.getEmail());
		this.events.publishEvent(new MembershipChanged(userId));
	}

	/**
	 * Invites someone by email into the caller's workspace. A user who has an account
	 * becomes a member at once (no token); anyone else gets an invitation token, a new
	 * one when invited again (the old one stops working). A member of the workspace is a
	 * conflict.
	 */
	@Transactional
	public Invitation invite(String email, Role role) {
		UUID workspaceId = CurrentMember.workspaceId();
		lockUserSet();
		Instant now = this.clock.instant();
		String normalized = normalize(email);
		User user = this.users.findByEmail(normalized).orElse(null);
		if (user != null && user.isActive()) {
			if (this.workspaces.membership(workspaceId, user.getId()).isPresent()) {
				throw new ConflictException("This user is already a member of the workspace.");
			}
			this.workspaces.putMember(workspaceId, user.getId(), role);
			return new Invitation(user.getId(), normalized, role, null);
		}
		if (user == null) {
			user = this.users.saveAndFlush(User.invited(normalized, now));
		}
		this.workspaces.putMember(workspaceId, user.getId(), role);
		String token = this.tokens.issue(user.getId(), workspaceId, Purpose.INVITATION, INVITATION_VALIDITY, now);
		this.events.publishEvent(new UserMail(normalized, "You are invited to Switchboard",
				"""
						You are invited to join Switchboard as %s. Accept within 7 days with this token:

						%s

						POST %s/users.accept-invitation {"token": "<the token>", "first_name": "...", "last_name": "...", "password": "..."}

						or, in a browser: %s/#/invitation?token=%s
						"""
					.formatted(role.value(), token, this.switchboard.publicUrl(), this.switchboard.publicUrl(),
							token)));
		return new Invitation(user.getId(), normalized, role, token);
	}

	@Transactional
	public Authenticated acceptInvitation(String token, String firstName, String lastName, String password) {
		Instant now = this.clock.instant();
		OneTimeTokens.Consumed invitation = this.tokens.consume(token, Purpose.INVITATION, now)
			.orElseThrow(() -> new BadRequestException("The invitation token is unknown, expired or already used."));
		User user = this.users.findById(invitation.userId()).orElseThrow();
		user.acceptInvitation(firstName, lastName, this.passwords.encode(password), now);
		this.displayNames.forget(user.getId());
		this.events.publishEvent(new MembershipChanged(user.getId()));
		return authenticated(user, invitation.workspaceId());
	}

	/**
	 * The name a user's messages are sent under ("first last"), or {@code null} when the
	 * user has none; read from a cache that a change of the name clears.
	 */
	public String displayName(UUID userId) {
		return this.displayNames
			.get(userId,
					(id) -> this.jdbc.sql("select first_name, last_name from users where id = ?")
						.param(id)
						.query((rs, n) -> Optional.ofNullable(displayName(rs.getString(1), rs.getString(2))))
						.optional()
						.flatMap(Function.identity()))
			.orElse(null);
	}

	private static String displayName(String firstName, String lastName) {
		String name = ((firstName != null) ? firstName : "") + " " + ((lastName != null) ? lastName : "");
		return name.isBlank() ? null : name.trim();
	}

	/**
	 * A member of the caller's workspace.
	 * @throws NotFoundException for a user who is no member of it
	 */
	@Transactional(readOnly = true)
	public UserView find(UUID id) {
		UUID workspaceId = CurrentMember.workspaceId();
		Membership membership = this.workspaces.membership(workspaceId, id).orElseThrow(UserService::noSuchUser);
		return UserView.of(this.users.findById(id).orElseThrow(UserService::noSuchUser), membership,
				divisionIds(workspaceId, id));
	}

	/**
	 * The members of the caller's workspace, in the order they joined.
	 */
	@Transactional(readOnly = true)
	public Page<UserView> list(PageRequest request) {
		UUID workspaceId = CurrentMember.workspaceId();
		Cursor cursor = request.hasCursor() ? this.cursors.decode(CURSOR_KIND, request.cursor()) : null;
		Instant createdAt = null;
		UUID userId = null;
		if (cursor != null) {
			try {
				createdAt = Instant.parse(cursor.key().get(0));
				userId = UUID.fromString(cursor.key().get(1));
			}
			catch (RuntimeException ex) {
				throw new BadRequestException("The cursor is not valid: use a cursor returned by this list.");
			}
		}
		List<Membership> rows = this.workspaces.members(workspaceId, createdAt, userId,
				cursor != null && cursor.direction() == Cursor.Direction.BACKWARD, request.size() + 1);
		long total = this.workspaces.countMembers(workspaceId);
		List<UUID> ids = rows.stream().map(Membership::userId).toList();
		Map<UUID, User> users = this.users.findByIdIn(ids)
			.stream()
			.collect(Collectors.toMap(User::getId, Function.identity()));
		Map<UUID, List<UUID>> divisions = this.divisions.memberDivisions(workspaceId, ids);
		return KeysetPages
			.page(CURSOR_KIND, request, cursor, rows,
					(member) -> List.of(member.createdAt().toString(), member.userId().toString()), this.cursors, total,
					total)
			.map((member) -> UserView.of(users.get(member.userId()), member,
					divisions.getOrDefault(member.userId(), List.of())));
	}

	/**
	 * Changes a member's role in the caller's workspace; demoting its last admin is
	 * refused.
	 */
	@Transactional
	public UserView updateRole(UUID userId, Role role) {
		UUID workspaceId = CurrentMember.workspaceId();
		this.workspaces.lockMembers(workspaceId);
		Membership membership = this.workspaces.membership(workspaceId, userId).orElseThrow(UserService::noSuchUser);
		if (membership.role() == Role.ADMIN && role != Role.ADMIN
				&& this.workspaces.countActiveAdmins(workspaceId) <= 1) {
			throw new ConflictException("This is the last admin: promote another user to admin first.");
		}
		this.workspaces.setRole(workspaceId, userId, role);
		return find(userId);
	}

	/**
	 * Deactivates a member of the caller's workspace: from the next request on their
	 * tokens for it are refused, their connections close, they cannot log in to it and
	 * their conversations there are unassigned. A pending invitation into it stops
	 * working. Deactivating the last active admin is refused; deactivating a deactivated
	 * member changes nothing.
	 * @throws NotFoundException for a user who is no member of the workspace
	 */
	@Transactional
	public UserView deactivate(UUID userId) {
		UUID workspaceId = CurrentMember.workspaceId();
		Membership membership = offboardable(workspaceId, userId);
		if (membership.active()) {
			offboarding(workspaceId, userId);
			this.workspaces.setActive(workspaceId, userId, false);
		}
		return find(userId);
	}

	/**
	 * Gives a deactivated member of the caller's workspace their access back, with the
	 * role they had (not their former assignments).
	 * @throws NotFoundException for a user who is no member of the workspace
	 */
	@Transactional
	public UserView reactivate(UUID userId) {
		UUID workspaceId = CurrentMember.workspaceId();
		this.workspaces.membership(workspaceId, userId).orElseThrow(UserService::noSuchUser);
		this.workspaces.setActive(workspaceId, userId, true);
		return find(userId);
	}

	/**
	 * Removes a member from the caller's workspace, with the effects of
	 * {@link #deactivate(UUID)}. The user keeps their account and other memberships, and
	 * may be invited again.
	 * @throws NotFoundException for a user who is no member of the workspace
	 */
	@Transactional
	public void remove(UUID userId) {
		UUID workspaceId = CurrentMember.workspaceId();
		offboardable(workspaceId, userId);
		offboarding(workspaceId, userId);
		this.workspaces.remove(workspaceId, userId);
	}

	/**
	 * The membership about to be deactivated or removed, under the workspace's members
	 * lock; refused for the last active admin.
	 */
	private Membership offboardable(UUID workspaceId, UUID userId) {
		this.workspaces.lockMembers(workspaceId);
		Membership membership = this.workspaces.membership(workspaceId, userId).orElseThrow(UserService::noSuchUser);
		if (membership.active() && membership.role() == Role.ADMIN
				&& this.workspaces.countActiveAdmins(workspaceId) <= 1) {
			throw new ConflictException("This is the last admin: promote another user to admin first.");
		}
		return membership;
	}

	/**
	 * What a member leaving gives up, announced before the transaction's first write, so
	 * that the conversations unassigned are locked before it (docs/realtime.md,
	 * "Ordering").
	 */
	private void offboarding(UUID workspaceId, UUID userId) {
		this.events.publishEvent(new MemberDeactivated(workspaceId, userId));
		this.tokens.revoke(userId, workspaceId, Purpose.INVITATION, this.clock.instant());
	}

	/**
	 * Replaces the divisions a member of the caller's workspace belongs to; it applies at
	 * their next request.
	 * @throws NotFoundException for a user who is no member of the workspace
	 * @throws BadRequestException when an id is no division of the workspace
	 */
	@Transactional
	public UserView setDivisions(UUID userId, List<UUID> divisionIds) {
		UUID workspaceId = CurrentMember.workspaceId();
		this.workspaces.membership(workspaceId, userId).orElseThrow(UserService::noSuchUser);
		this.divisions.setMemberDivisions(workspaceId, userId, divisionIds);
		return find(userId);
	}

	private List<UUID> divisionIds(UUID workspaceId, UUID userId) {
		return this.divisions.memberDivisions(workspaceId, List.of(userId)).getOrDefault(userId, List.of());
	}

	private Authenticated authenticated(User user, UUID workspaceId) {
		Membership membership = this.workspaces.membership(workspaceId, user.getId()).orElseThrow();
		this.workspaces.touch(workspaceId, user.getId());
		return new Authenticated(UserView.of(user, membership, divisionIds(workspaceId, user.getId())), workspaceId,
				this.tokenIssuer.issue(user.getId(), workspaceId, membership.role()));
	}

	private static NotFoundException noSuchUser() {
		return new NotFoundException("No such user.");
	}

	/**
	 * Serialises the decisions that look at the whole set of users (first user, last
	 * admin, email taken) across concurrent requests and instances.
	 */
	private void lockUserSet() {
		this.locks.lock(AdvisoryLocks.Kind.USERS, "");
	}

	private static String normalize(String email) {
		return email.trim().toLowerCase(Locale.ROOT);
	}

	/**
	 * A user as the API shows it.
	 *
	 * @param id the user id
	 * @param firstName the first name ({@code null} until an invitation is accepted)
	 * @param lastName the last name
	 * @param email the email, lower-cased
	 * @param role the role in the workspace
	 * @param status {@code active}, {@code invited} until the invitation is accepted, or
	 * {@code deactivated} in the workspace
	 * @param divisionIds the divisions of the workspace the user belongs to, sorted
	 */
	public record UserView(UUID id, @Schema(nullable = true) String firstName, @Schema(nullable = true) String lastName,
			String email, Role role, String status, List<UUID> divisionIds) {

		static UserView of(User user, Membership membership, List<UUID> divisionIds) {
			String status = !membership.active() ? "deactivated" : user.getStatus().name().toLowerCase(Locale.ROOT);
			return new UserView(user.getId(), user.getFirstName(), user.getLastName(), user.getEmail(),
					membership.role(), status, divisionIds);
		}

	}

	/**
	 * A user with a fresh token.
	 *
	 * @param user the user
	 * @param workspaceId the workspace the token acts in
	 * @param token the user token
	 */
	public record Authenticated(UserView user, UUID workspaceId, String token) {

	}

	/**
	 * A new invitation.
	 *
	 * @param userId the invited user's id
	 * @param email the invited email
	 * @param role the role the user will have
	 * @param token the invitation token in the clear, or {@code null} for a user who
	 * already has an account and became a member at once
	 */
	public record Invitation(UUID userId, String email, Role role, String token) {

	}

}

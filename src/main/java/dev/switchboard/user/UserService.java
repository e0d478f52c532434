package dev.switchboard.user;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

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
import dev.switchboard.common.security.Role;
import dev.switchboard.common.web.SwitchboardProperties;
import dev.switchboard.user.OneTimeTokens.Purpose;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Limit;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Users: signing up, logging in, invitations, password resets and roles.
 */
@Service
public class UserService {

	static final Duration RESET_VALIDITY = Duration.ofHours(1);

	static final Duration INVITATION_VALIDITY = Duration.ofDays(7);

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

	private final JdbcClient jdbc;

	private final SwitchboardProperties switchboard;

	private final Clock clock;

	UserService(UserRepository users, OneTimeTokens tokens, LoginThrottle throttle, TokenIssuer tokenIssuer,
			PasswordEncoder passwords, AuthProperties properties, Cursors cursors, ApplicationEventPublisher events,
			JdbcClient jdbc, SwitchboardProperties switchboard, Clock clock) {
		this.users = users;
		this.tokens = tokens;
		this.throttle = throttle;
		this.tokenIssuer = tokenIssuer;
		this.passwords = passwords;
		this.properties = properties;
		this.cursors = cursors;
		this.events = events;
		this.jdbc = jdbc;
		this.switchboard = switchboard;
		this.clock = clock;
	}

	/**
	 * Signs a user up. The first user of an installation becomes admin; later ones are
	 * agents, and may sign up only when signup is open.
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
		User user = User.registered(normalized, firstName, lastName, this.passwords.encode(password),
				first ? Role.ADMIN : Role.AGENT, this.clock.instant());
		this.users.save(user);
		return authenticated(user);
	}

	/**
	 * Logs a user in. After {@value LoginThrottle#MAX_FAILURES} failures for one email
	 * within the throttle window, every attempt is refused until the window has passed.
	 */
	@Transactional(noRollbackFor = UnauthorizedException.class)
	public Authenticated login(String email, String password) {
		String normalized = normalize(email);
		Instant now = this.clock.instant();
		this.throttle.lock(normalized);
		if (this.throttle.isBlocked(normalized, now)) {
			throw new TooManyRequestsException("Too many failed logins for this email; try again later.",
					LoginThrottle.WINDOW);
		}
		User user = this.users.findByEmail(normalized).filter(User::isActive).orElse(null);
		boolean matches = this.passwords.matches(password, (user != null) ? user.getPasswordHash() : DUMMY_HASH);
		if (user == null || !matches) {
			this.throttle.recordFailure(normalized, now);
			throw new UnauthorizedException("The email or password is wrong.");
		}
		this.throttle.clear(normalized);
		return authenticated(user);
	}

	/**
	 * Mails a password reset token when the email belongs to an active user; does the
	 * same visible nothing otherwise.
	 */
	@Transactional
	public void requestPasswordReset(String email) {
		this.users.findByEmail(normalize(email)).filter(User::isActive).ifPresent((user) -> {
			String token = this.tokens.issue(user.getId(), Purpose.PASSWORD_RESET, RESET_VALIDITY,
					this.clock.instant());
			this.events.publishEvent(new UserMail(user.getEmail(), "Reset your Switchboard password", """
					Someone asked to reset the password of your Switchboard account.
					If it was you, use this token within one hour (it works once):

					%s

					POST %s/users.password-reset {"token": "<the token>", "new_password": "..."}

					If it was not you, ignore this mail.
					""".formatted(token, this.switchboard.publicUrl())));
		});
	}

	@Transactional
	public void resetPassword(String token, String newPassword) {
		Instant now = this.clock.instant();
		UUID userId = this.tokens.consume(token, Purpose.PASSWORD_RESET, now)
			.orElseThrow(() -> new BadRequestException("The reset token is unknown, expired or already used."));
		User user = this.users.findById(userId).orElseThrow();
		user.changePassword(this.passwords.encode(newPassword), now);
		this.throttle.clear(user.getEmail());
	}

	/**
	 * Invites someone by email. Inviting an email that has a pending invitation issues a
	 * new token (the old one stops working); an email of an active user is a conflict.
	 */
	@Transactional
	public Invitation invite(String email, Role role) {
		lockUserSet();
		Instant now = this.clock.instant();
		String normalized = normalize(email);
		User user = this.users.findByEmail(normalized).orElse(null);
		if (user != null && user.isActive()) {
			throw new ConflictException("A user with this email already exists.");
		}
		if (user == null) {
			user = this.users.saveAndFlush(User.invited(normalized, role, now));
		}
		else {
			user.reinvite(role, now);
		}
		String token = this.tokens.issue(user.getId(), Purpose.INVITATION, INVITATION_VALIDITY, now);
		this.events.publishEvent(new UserMail(normalized, "You are invited to Switchboard",
				"""
						You are invited to join Switchboard as %s. Accept within 7 days with this token:

						%s

						POST %s/users.accept-invitation {"token": "<the token>", "first_name": "...", "last_name": "...", "password": "..."}
						"""
					.formatted(role.value(), token, this.switchboard.publicUrl())));
		return new Invitation(user.getId(), normalized, role, token);
	}

	@Transactional
	public Authenticated acceptInvitation(String token, String firstName, String lastName, String password) {
		Instant now = this.clock.instant();
		UUID userId = this.tokens.consume(token, Purpose.INVITATION, now)
			.orElseThrow(() -> new BadRequestException("The invitation token is unknown, expired or already used."));
		User user = this.users.findById(userId).orElseThrow();
		user.acceptInvitation(firstName, lastName, this.passwords.encode(password), now);
		return authenticated(user);
	}

	@Transactional(readOnly = true)
	public UserView find(UUID id) {
		return this.users.findById(id).map(UserView::of).orElseThrow(() -> new NotFoundException("No such user."));
	}

	@Transactional(readOnly = true)
	public Page<UserView> list(PageRequest request) {
		Cursor cursor = request.hasCursor() ? this.cursors.decode(CURSOR_KIND, request.cursor()) : null;
		Limit limit = Limit.of(request.size() + 1);
		List<User> rows;
		if (cursor == null) {
			rows = this.users.findFirst(limit);
		}
		else {
			Instant createdAt = Instant.parse(cursor.key().get(0));
			UUID id = UUID.fromString(cursor.key().get(1));
			rows = (cursor.direction() == Cursor.Direction.FORWARD) ? this.users.findAfter(createdAt, id, limit)
					: this.users.findBefore(createdAt, id, limit);
		}
		long total = this.users.count();
		return KeysetPages.page(CURSOR_KIND, request, cursor, rows,
				(user) -> List.of(user.getCreatedAt().toString(), user.getId().toString()), this.cursors, total, total)
			.map(UserView::of);
	}

	/**
	 * Changes a user's role; demoting the last admin is refused.
	 */
	@Transactional
	public UserView updateRole(UUID userId, Role role) {
		lockUserSet();
		User user = this.users.findById(userId).orElseThrow(() -> new NotFoundException("No such user."));
		if (user.isAdmin() && role != Role.ADMIN && this.users.countActive(Role.ADMIN) <= 1) {
			throw new ConflictException("This is the last admin: promote another user to admin first.");
		}
		user.changeRole(role, this.clock.instant());
		return UserView.of(user);
	}

	private Authenticated authenticated(User user) {
		return new Authenticated(UserView.of(user), this.tokenIssuer.issue(user));
	}

	/**
	 * Serialises the decisions that look at the whole set of users (first user, last
	 * admin, email taken) across concurrent requests and instances.
	 */
	private void lockUserSet() {
		this.jdbc.sql("select pg_advisory_xact_lock(2, 0)").query((rs, row) -> null).list();
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
	 * @param role the role
	 * @param status {@code active}, or {@code invited} until the invitation is accepted
	 */
	public record UserView(UUID id, String firstName, String lastName, String email, Role role, String status) {

		static UserView of(User user) {
			return new UserView(user.getId(), user.getFirstName(), user.getLastName(), user.getEmail(), user.getRole(),
					user.getStatus().name().toLowerCase(Locale.ROOT));
		}

	}

	/**
	 * A user with a fresh token.
	 *
	 * @param user the user
	 * @param token the user token
	 */
	public record Authenticated(UserView user, String token) {

	}

	/**
	 * A new invitation.
	 *
	 * @param userId the invited user's id
	 * @param email the invited email
	 * @param role the role the user will have
	 * @param token the invitation token in the clear
	 */
	public record Invitation(UUID userId, String email, Role role, String token) {

	}

}

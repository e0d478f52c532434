package dev.switchboard.user;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import dev.switchboard.common.db.AdvisoryLocks;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Counts failed logins and password-reset requests in the database, so that the limits
 * hold across concurrent requests and across instances. Failed logins count per (email,
 * client address) and per client address: an address guessing one account's password, or
 * trying many accounts, is slowed, while the owner logging in from elsewhere is not.
 * Callers hold {@link #lock(String)} for the rest of their transaction, which serialises
 * the attempts from one address.
 */
@Component
class LoginThrottle {

	/** Failed logins for one email from one address within the window. */
	static final int MAX_FAILURES = 10;

	/** Failed logins from one address within the window, whatever the emails. */
	static final int MAX_ADDRESS_FAILURES = 20;

	static final Duration WINDOW = Duration.ofMinutes(15);

	/** Password-reset requests per email, and per address, within the reset window. */
	static final int MAX_RESET_REQUESTS = 5;

	static final Duration RESET_WINDOW = Duration.ofHours(1);

	private final JdbcClient jdbc;

	private final AdvisoryLocks locks;

	LoginThrottle(JdbcClient jdbc, AdvisoryLocks locks) {
		this.jdbc = jdbc;
		this.locks = locks;
	}

	/**
	 * Serialises the logins and reset requests from one client address.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	void lock(String address) {
		this.locks.lock(AdvisoryLocks.Kind.CLIENT_ADDRESS, address);
	}

	/**
	 * How long the address must wait before it may try the email again, if at all.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	Optional<Duration> loginBlocked(String email, String address, Instant now) {
		Optional<Duration> account = retryAfter("""
				select failed_at from login_failures
				where email = :email and client_address = :address and failed_at > :since
				order by failed_at desc offset :skip limit 1""", email, address, MAX_FAILURES, WINDOW, now);
		return account.isPresent() ? account : retryAfter("""
				select failed_at from login_failures
				where client_address = :address and failed_at > :since
				order by failed_at desc offset :skip limit 1""", email, address, MAX_ADDRESS_FAILURES, WINDOW, now);
	}

	@Transactional(propagation = Propagation.MANDATORY)
	void recordFailure(String email, String address, Instant now) {
		this.jdbc
			.sql("delete from login_failures where email = :email and client_address = :address"
					+ " and failed_at <= :since")
			.param("email", email)
			.param("address", address)
			.param("since", Timestamp.from(now.minus(WINDOW)))
			.update();
		this.jdbc.sql("insert into login_failures (email, client_address, failed_at) values (:email, :address, :now)")
			.param("email", email)
			.param("address", address)
			.param("now", Timestamp.from(now))
			.update();
	}

	/**
	 * Forgets the failures of the email from the address, after it logged in from there:
	 * failures from other addresses stay.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	void clear(String email, String address) {
		this.jdbc.sql("delete from login_failures where email = :email and client_address = :address")
			.param("email", email)
			.param("address", address)
			.update();
	}

	/**
	 * Forgets every failure of the email, after its password changed.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	void clear(String email) {
		this.jdbc.sql("delete from login_failures where email = :email").param("email", email).update();
	}

	/**
	 * Counts a password-reset request unless the email or the address is over its limit.
	 * Takes the email's lock besides the address's, which the caller holds.
	 * @return how long to wait, when the request is refused (and not counted)
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	Optional<Duration> acquireResetRequest(String email, String address, Instant now) {
		this.locks.lock(AdvisoryLocks.Kind.RESET_EMAIL, email);
		Optional<Duration> blocked = retryAfter("""
				select requested_at from password_reset_requests
				where email = :email and requested_at > :since
				order by requested_at desc offset :skip limit 1""", email, address, MAX_RESET_REQUESTS, RESET_WINDOW,
				now);
		if (blocked.isEmpty()) {
			blocked = retryAfter("""
					select requested_at from password_reset_requests
					where client_address = :address and requested_at > :since
					order by requested_at desc offset :skip limit 1""", email, address, MAX_RESET_REQUESTS,
					RESET_WINDOW, now);
		}
		if (blocked.isEmpty()) {
			this.jdbc
				.sql("insert into password_reset_requests (email, client_address, requested_at)"
						+ " values (:email, :address, :now)")
				.param("email", email)
				.param("address", address)
				.param("now", Timestamp.from(now))
				.update();
		}
		return blocked;
	}

	/**
	 * Forgets failures and reset requests past their windows, and spent or expired
	 * one-time tokens (a failure is otherwise only cleaned up when the same email tries
	 * again from the same address).
	 */
	@Scheduled(fixedDelay = 1, timeUnit = TimeUnit.HOURS)
	void prune() {
		this.jdbc.sql("delete from login_failures where failed_at < now() - interval '15 minutes'").update();
		this.jdbc.sql("delete from password_reset_requests where requested_at < now() - interval '1 hour'").update();
		this.jdbc.sql("delete from user_tokens where expires_at < now() - interval '1 day'").update();
	}

	/**
	 * The counted rows lie in a sliding window: once {@code limit} of them do, the
	 * attempts wait until the {@code limit}-th newest leaves it.
	 */
	private Optional<Duration> retryAfter(String newestAtLimit, String email, String address, int limit,
			Duration window, Instant now) {
		return this.jdbc.sql(newestAtLimit)
			.param("email", email)
			.param("address", address)
			.param("since", Timestamp.from(now.minus(window)))
			.param("skip", limit - 1)
			.query(Timestamp.class)
			.optional()
			.map((at) -> Duration.between(now, at.toInstant().plus(window)));
	}

}

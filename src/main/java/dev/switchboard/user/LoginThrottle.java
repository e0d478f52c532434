package dev.switchboard.user;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Counts failed logins per email in the database, so that the limit holds across
 * concurrent requests and across instances. Callers hold {@link #lock(String)} for the
 * rest of their transaction, which serialises the attempts on one email.
 */
@Component
class LoginThrottle {

	static final int MAX_FAILURES = 10;

	static final Duration WINDOW = Duration.ofMinutes(15);

	private static final int LOCK_CLASS = 1;

	private final JdbcClient jdbc;

	LoginThrottle(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Transactional(propagation = Propagation.MANDATORY)
	void lock(String email) {
		this.jdbc.sql("select pg_advisory_xact_lock(:class, hashtext(:email))")
			.param("class", LOCK_CLASS)
			.param("email", email)
			.query((rs, row) -> null)
			.list();
	}

	@Transactional(propagation = Propagation.MANDATORY)
	boolean isBlocked(String email, Instant now) {
		Integer failures = this.jdbc
			.sql("select count(*) from login_failures where email = :email and failed_at > :since")
			.param("email", email)
			.param("since", Timestamp.from(now.minus(WINDOW)))
			.query(Integer.class)
			.single();
		return failures >= MAX_FAILURES;
	}

	@Transactional(propagation = Propagation.MANDATORY)
	void recordFailure(String email, Instant now) {
		this.jdbc.sql("delete from login_failures where email = :email and failed_at <= :since")
			.param("email", email)
			.param("since", Timestamp.from(now.minus(WINDOW)))
			.update();
		this.jdbc.sql("insert into login_failures (email, failed_at) values (:email, :now)")
			.param("email", email)
			.param("now", Timestamp.from(now))
			.update();
	}

	/**
	 * Forgets failures past the window, and spent or expired one-time tokens, for every
	 * email (a failure is otherwise only cleaned up when the same email tries again).
	 */
	@Scheduled(fixedDelay = 1, timeUnit = TimeUnit.HOURS)
	void prune() {
		this.jdbc.sql("delete from login_failures where failed_at < now() - interval '15 minutes'").update();
		this.jdbc.sql("delete from user_tokens where expires_at < now() - interval '1 day'").update();
	}

	@Transactional(propagation = Propagation.MANDATORY)
	void clear(String email) {
		this.jdbc.sql("delete from login_failures where email = :email").param("email", email).update();
	}

}

package dev.switchboard.common.error;

import java.time.Duration;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * The server is too busy to take the request now (503); nothing of it was done, and
 * {@code Retry-After} says when to try again.
 */
public class ServiceUnavailableException extends ApiException {

	private static final Duration DATABASE_RETRY_AFTER = Duration.ofSeconds(1);

	public static final String DETAIL = "The server is busy; nothing was done. Try again after the Retry-After delay.";

	public ServiceUnavailableException(Duration retryAfter) {
		super(HttpStatus.SERVICE_UNAVAILABLE, DETAIL);
		getHeaders().set(HttpHeaders.RETRY_AFTER, retryAfterSeconds(retryAfter));
	}

	/**
	 * The 503 for a request that found no database connection within the pool's
	 * {@code connection-timeout} (every connection busy, or the database unreachable), or
	 * {@code null} when the exception is something else.
	 */
	static ServiceUnavailableException forDatabase(Throwable ex) {
		for (Throwable current = ex; current != null; current = current.getCause()) {
			if (current instanceof CannotCreateTransactionException
					|| current instanceof DataAccessResourceFailureException) {
				return new ServiceUnavailableException(DATABASE_RETRY_AFTER);
			}
		}
		return null;
	}

	/**
	 * A delay as {@code Retry-After} gives it: whole seconds, rounded up, at least one.
	 */
	public static String retryAfterSeconds(Duration retryAfter) {
		long seconds = (retryAfter.toMillis() + 999) / 1000;
		return Long.toString(Math.max(1, seconds));
	}

}

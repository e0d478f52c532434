package dev.switchboard.common.error;

import java.time.Duration;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * The server is too busy to take the request now (503); nothing of it was done, and
 * {@code Retry-After} says when to try again.
 */
public class ServiceUnavailableException extends ApiException {

	public static final String DETAIL = "The server is busy; nothing was done. Try again after the Retry-After delay.";

	public ServiceUnavailableException(Duration retryAfter) {
		super(HttpStatus.SERVICE_UNAVAILABLE, DETAIL);
		getHeaders().set(HttpHeaders.RETRY_AFTER, retryAfterSeconds(retryAfter));
	}

	/**
	 * A delay as {@code Retry-After} gives it: whole seconds, rounded up, at least one.
	 */
	public static String retryAfterSeconds(Duration retryAfter) {
		long seconds = (retryAfter.toMillis() + 999) / 1000;
		return Long.toString(Math.max(1, seconds));
	}

}

package dev.switchboard.common.error;

import java.time.Duration;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * The caller went over a rate limit (429); {@code Retry-After} says when to try again.
 */
public class TooManyRequestsException extends ApiException {

	public TooManyRequestsException(String detail, Duration retryAfter) {
		super(HttpStatus.TOO_MANY_REQUESTS, detail);
		long seconds = (retryAfter.toMillis() + 999) / 1000;
		getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, seconds)));
	}

}

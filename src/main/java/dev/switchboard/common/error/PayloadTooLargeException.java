package dev.switchboard.common.error;

import org.springframework.http.HttpStatus;

/**
 * A request body went over the size limit (413).
 */
public class PayloadTooLargeException extends ApiException {

	public PayloadTooLargeException(long limit) {
		super(HttpStatus.CONTENT_TOO_LARGE, "The request body is larger than " + limit + " bytes.");
	}

}

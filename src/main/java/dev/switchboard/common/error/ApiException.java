package dev.switchboard.common.error;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * An error a client caused or may act on, rendered as a problem detail with its status
 * and a readable detail.
 */
public class ApiException extends ErrorResponseException {

	protected ApiException(HttpStatus status, String detail) {
		super(status, ProblemDetail.forStatusAndDetail(status, detail), null);
	}

	@Override
	public String getMessage() {
		return getBody().getDetail();
	}

}

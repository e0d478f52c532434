package dev.switchboard.common.error;

import org.springframework.http.HttpStatus;

/**
 * The caller is not authenticated (401).
 */
public class UnauthorizedException extends ApiException {

	public UnauthorizedException(String detail) {
		super(HttpStatus.UNAUTHORIZED, detail);
	}

}

package dev.switchboard.common.error;

import org.springframework.http.HttpStatus;

/**
 * The caller may not do this (403).
 */
public class ForbiddenException extends ApiException {

	public ForbiddenException(String detail) {
		super(HttpStatus.FORBIDDEN, detail);
	}

}

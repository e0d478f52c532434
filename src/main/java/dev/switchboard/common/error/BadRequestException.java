package dev.switchboard.common.error;

import org.springframework.http.HttpStatus;

/**
 * The request is invalid (400).
 */
public class BadRequestException extends ApiException {

	public BadRequestException(String detail) {
		super(HttpStatus.BAD_REQUEST, detail);
	}

}

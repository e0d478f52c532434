package dev.switchboard.common.error;

import org.springframework.http.HttpStatus;

/**
 * The thing asked for does not exist (404).
 */
public class NotFoundException extends ApiException {

	public NotFoundException(String detail) {
		super(HttpStatus.NOT_FOUND, detail);
	}

}

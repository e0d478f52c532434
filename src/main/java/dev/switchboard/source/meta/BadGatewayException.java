package dev.switchboard.source.meta;

import dev.switchboard.common.error.ApiException;

import org.springframework.http.HttpStatus;

/**
 * The platform could not be reached or failed on its side (502).
 */
public class BadGatewayException extends ApiException {

	public BadGatewayException(String detail) {
		super(HttpStatus.BAD_GATEWAY, detail);
	}

}

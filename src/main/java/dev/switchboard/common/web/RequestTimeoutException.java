package dev.switchboard.common.web;

import dev.switchboard.common.error.ApiException;

import org.springframework.http.HttpStatus;

/**
 * The request body stalled or trickled past its deadline (408); the connection is closed
 * after the answer.
 */
class RequestTimeoutException extends ApiException {

	RequestTimeoutException() {
		super(HttpStatus.REQUEST_TIMEOUT, "The request body did not arrive in time.");
	}

}

package dev.switchboard.media;

import dev.switchboard.common.error.ApiException;

import org.springframework.http.HttpStatus;

/**
 * Uploaded bytes that are not of the type declared for them (415).
 */
class UnsupportedMediaTypeException extends ApiException {

	UnsupportedMediaTypeException(String detail) {
		super(HttpStatus.UNSUPPORTED_MEDIA_TYPE, detail);
	}

}

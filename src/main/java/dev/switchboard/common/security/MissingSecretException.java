package dev.switchboard.common.security;

/**
 * A secret the service cannot run without is not configured, or is too weak.
 */
class MissingSecretException extends RuntimeException {

	private final String property;

	MissingSecretException(String property, String message) {
		super(message);
		this.property = property;
	}

	String property() {
		return this.property;
	}

}

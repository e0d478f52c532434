package dev.switchboard.common.security;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a missing secret into a one-line startup failure naming the property to set.
 */
class MissingSecretFailureAnalyzer extends AbstractFailureAnalyzer<MissingSecretException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, MissingSecretException cause) {
		return new FailureAnalysis(cause.getMessage(), "Set " + cause.property()
				+ " (or its environment variable), or run without spring.datasource.url to use the embedded database.",
				cause);
	}

}

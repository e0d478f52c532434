package dev.switchboard.common.error;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * An exception as it may be logged: the class and stack trace of each exception in the
 * chain, never their messages. An unexpected exception's message may quote anything (an
 * HTTP client's quotes the header with its token), so none is written.
 */
final class Redacted extends RuntimeException {

	private Redacted(Throwable original, Set<Throwable> seen) {
		// the cause is given to the constructor: one passed as null there cannot be set
		// later
		super(original.getClass().getName() + " (message withheld)", redactedCause(original, seen), true, true);
		setStackTrace(original.getStackTrace());
		for (Throwable suppressed : original.getSuppressed()) {
			if (!seen.contains(suppressed)) {
				addSuppressed(new Redacted(suppressed, seen));
			}
		}
	}

	private static Throwable redactedCause(Throwable original, Set<Throwable> seen) {
		seen.add(original);
		Throwable cause = original.getCause();
		return (cause != null && !seen.contains(cause)) ? new Redacted(cause, seen) : null;
	}

	/**
	 * The exception's chain without messages.
	 */
	static Throwable of(Throwable original) {
		return new Redacted(original, Collections.newSetFromMap(new IdentityHashMap<>()));
	}

}

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
		super(original.getClass().getName() + " (message withheld)", null, true, true);
		seen.add(original);
		setStackTrace(original.getStackTrace());
		Throwable cause = original.getCause();
		if (cause != null && !seen.contains(cause)) {
			initCause(new Redacted(cause, seen));
		}
		for (Throwable suppressed : original.getSuppressed()) {
			if (!seen.contains(suppressed)) {
				addSuppressed(new Redacted(suppressed, seen));
			}
		}
	}

	/**
	 * The exception's chain without messages.
	 */
	static Throwable of(Throwable original) {
		return new Redacted(original, Collections.newSetFromMap(new IdentityHashMap<>()));
	}

}

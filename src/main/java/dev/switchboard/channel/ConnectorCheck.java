package dev.switchboard.channel;

import java.util.concurrent.Callable;

/**
 * One question a connector asks its platform about a connected channel (is the token
 * valid, is the webhook subscribed, is the number registered). The probe returns a
 * readable detail when the answer is good and throws {@link Failed} when it is not; any
 * other exception, or no answer within the check timeout, fails it too.
 *
 * @param name the check's name ({@code token_valid})
 * @param critical whether the channel cannot work at all when it fails (status
 * {@code error}, not {@code degraded})
 * @param probe asks the platform
 */
public record ConnectorCheck(String name, boolean critical, Callable<String> probe) {

	/**
	 * A check the platform answered badly.
	 */
	public static class Failed extends RuntimeException {

		/**
		 * @param detail what went wrong, readable and free of secrets
		 */
		public Failed(String detail) {
			super(detail, null, false, false);
		}

	}

}

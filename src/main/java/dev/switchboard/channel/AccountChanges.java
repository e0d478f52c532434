package dev.switchboard.channel;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What a request sets on an account (seed 002); {@code null} keeps a value (or derives
 * it, for a new account).
 *
 * @param displayName the channel's name
 * @param accountKey the last segment of its webhook URL
 * @param verifyToken what the platform must present at that URL
 * @param isActive {@code false} disconnects it
 * @param isDefault whether it becomes (or stops being) its type's default sender
 * @param divisionId the division, empty for none
 * @param config the whole new config (settings and credentials), already merged
 */
public record AccountChanges(String displayName, String accountKey, String verifyToken, Boolean isActive,
		Boolean isDefault, Optional<UUID> divisionId, Map<String, String> config) {

	/** Nothing set: what a connect through {@code channels.*} gives. */
	public static final AccountChanges NONE = new AccountChanges(null, null, null, null, null, null, null);

	@Override
	public String toString() {
		return "AccountChanges[accountKey=" + this.accountKey + "]";
	}

}

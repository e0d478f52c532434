package dev.switchboard.channel;

import java.time.Instant;
import java.util.Map;

/**
 * A channel as the integrations API (seed 002) shows it, an account: the channel with its
 * key, default flag, verify token and config. The config holds the opened credentials:
 * whoever shows it masks them ({@link AccountConfig#isSensitive}).
 *
 * @param channel the channel
 * @param accountKey the last segment of its webhook URL
 * @param isDefault whether it is its type's default sender in the workspace
 * @param verifyToken what the platform must present at its webhook URL, or {@code null}
 * @param config its settings and opened credentials
 * @param createdAt when it was first connected
 * @param updatedAt when it last changed
 */
public record ChannelAccount(ChannelView channel, String accountKey, boolean isDefault, String verifyToken,
		Map<String, String> config, Instant createdAt, Instant updatedAt) {

	@Override
	public String toString() {
		return "ChannelAccount[id=" + this.channel.id() + ", accountKey=" + this.accountKey + "]";
	}

}

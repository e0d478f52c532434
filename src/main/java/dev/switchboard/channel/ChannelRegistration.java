package dev.switchboard.channel;

import java.util.Map;

/**
 * What a connector found out when connecting a channel, to be stored.
 *
 * @param sourceChannelId the platform's id of the account
 * @param name the channel name
 * @param imageUrl its image, or {@code null}
 * @param credentials secrets (tokens) to store sealed
 * @param settings source-specific values that are not secret
 */
public record ChannelRegistration(String sourceChannelId, String name, String imageUrl, Map<String, String> credentials,
		Map<String, String> settings) {

	public static ChannelRegistration withoutSecrets(String sourceChannelId, String name, String imageUrl) {
		return new ChannelRegistration(sourceChannelId, name, imageUrl, Map.of(), Map.of());
	}

}

package dev.switchboard.integration;

import java.time.Instant;
import java.util.UUID;

import tools.jackson.databind.node.ObjectNode;

import dev.switchboard.channel.ChannelAccount;
import dev.switchboard.channel.ChannelTypes;
import dev.switchboard.channel.ChannelView;

import dev.switchboard.channel.ChannelAccount;
import dev.switchboard.channel.ChannelTypes;
import dev.switchboard.channel.ChannelView;

/**
 * An account (a channel) as the integrations API shows it.
 *
 * @param id the channel id
 * @param channel its channel type
 * @param accountKey the last segment of its webhook URL
 * @param displayName the channel's name
 * @param isActive whether it is connected
 * @param isDefault whether it is its type's default sender
 * @param config its settings, secrets masked
 * @param createdAt when it was first connected
 * @param updatedAt when it last changed
 * @param divisionId the division whose agents see its conversations
 * @param verifyToken what Meta must present at its webhook URL
 * @param webhookUrl where the platform posts its events
 */
public record AccountView(UUID id, String channel, String accountKey, String displayName, boolean isActive,
		boolean isDefault, ObjectNode config, Instant createdAt, Instant updatedAt, UUID divisionId, String verifyToken,
		String webhookUrl) {

	public static AccountView of(ChannelAccount account) {
		ChannelView channel = account.channel();
		return new AccountView(channel.id(), ChannelTypes.type(channel.source()), account.accountKey(),
				channel.metadata().name(), channel.connected(), account.isDefault(),
				ConfigValues.masked(ConfigValues.nodes(account.config())), account.createdAt(), account.updatedAt(),
				channel.divisionId(), account.verifyToken(),
				(channel.webhookUrl() != null) ? channel.webhookUrl() + "/" + account.accountKey() : null);
	}

	@Override
	public String toString() {
		return "AccountView[id=" + this.id + ", accountKey=" + this.accountKey + "]";
	}

}

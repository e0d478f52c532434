package dev.switchboard.channelsapi;

import java.time.Instant;
import java.util.UUID;

import dev.switchboard.channel.ChannelView;

/**
 * An installed connector: the connection of one channel to its platform. It has the id of
 * its channel.
 *
 * @param id the connector's id (its channel's)
 * @param connectorTemplateRef the source it connects ({@code whatsapp}, ...)
 * @param name its channel's name
 * @param status {@code active}, or {@code needs_reconnection} when the platform refused
 * the stored token
 * @param channelId its channel
 * @param createdAt when it was installed
 */
@CamelCase
record ApiConnector(UUID id, String connectorTemplateRef, String name, String status, UUID channelId,
		Instant createdAt) {

	static ApiConnector of(ChannelView channel) {
		return new ApiConnector(channel.id(), channel.source(), channel.metadata().name(),
				channel.needsReconnection() ? "needs_reconnection" : "active", channel.id(), channel.createdAt());
	}

}

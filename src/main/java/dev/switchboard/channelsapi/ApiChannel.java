package dev.switchboard.channelsapi;

import java.time.Instant;
import java.util.UUID;

import dev.switchboard.channel.ChannelView;

/**
 * A channel as the Channels API shows it.
 *
 * @param id the channel id
 * @param name its name
 * @param imageUrl its image, if any
 * @param platformId its source ({@code whatsapp}, ...)
 * @param identifier the platform's id of the account
 * @param status {@code active} when connected, else {@code inactive}
 * @param divisionId its division, if any
 * @param createdAt when it was first connected
 * @param updatedAt when it last changed
 */
@CamelCase
record ApiChannel(UUID id, String name, String imageUrl, String platformId, String identifier, String status,
		UUID divisionId, Instant createdAt, Instant updatedAt) {

	static ApiChannel of(ChannelView channel) {
		return new ApiChannel(channel.id(), channel.metadata().name(), channel.metadata().imageUrl(), channel.source(),
				channel.sourceChannelId(), channel.connected() ? "active" : "inactive", channel.divisionId(),
				channel.createdAt(), channel.updatedAt());
	}

}

package dev.switchboard.channel;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A channel as the API shows it. Credentials are never part of it.
 *
 * @param id the channel id
 * @param workspaceId the workspace it belongs to (not shown)
 * @param source the source ({@code chatplugin}, {@code facebook}, ...)
 * @param sourceChannelId the platform's id of the account
 * @param metadata name and image
 * @param connected whether the channel is connected
 * @param webhookUrl where the source must post its events, for sources with webhooks
 * @param needsReconnection whether the platform refused the stored token (shown only when
 * true)
 * @param settings source-specific settings that are not secret (not shown)
 * @param divisionId the division whose agents see its conversations (shown when set)
 * @param createdAt when it was first connected (not shown here; the Channels API shows
 * it)
 * @param updatedAt when it last changed (not shown here; the Channels API shows it)
 */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
public record ChannelView(UUID id, @JsonIgnore UUID workspaceId, String source, String sourceChannelId,
		Metadata metadata, boolean connected, String webhookUrl, boolean needsReconnection,
		@JsonIgnore Map<String, String> settings, UUID divisionId, @JsonIgnore Instant createdAt,
		@JsonIgnore Instant updatedAt) {

	public ChannelView(UUID id, UUID workspaceId, String source, String sourceChannelId, Metadata metadata,
			boolean connected, String webhookUrl, boolean needsReconnection, Map<String, String> settings,
			UUID divisionId) {
		this(id, workspaceId, source, sourceChannelId, metadata, connected, webhookUrl, needsReconnection, settings,
				divisionId, null, null);
	}

	/**
	 * The channel's display data.
	 *
	 * @param name the name
	 * @param imageUrl the image, if any
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Metadata(String name, String imageUrl) {

	}

	/** {@code connected} is always shown, {@code false} included. */
	@Override
	@JsonInclude(JsonInclude.Include.ALWAYS)
	public boolean connected() {
		return this.connected;
	}

}

package dev.switchboard.message;

import java.util.Optional;
import java.util.UUID;

import dev.switchboard.channel.ChannelView;
import dev.switchboard.common.error.BadRequestException;
import dev.switchboard.common.web.SwitchboardProperties;
import dev.switchboard.media.MediaLinks;
import dev.switchboard.media.MediaUploads;

import org.springframework.stereotype.Component;

/**
 * Media of our own in messages: a {@code mediaUrl} from a presigned upload names media
 * uploaded for a channel. A message may carry only its own channel's; platforms get a
 * public signed link instead, as they cannot authenticate to fetch it.
 */
@Component
class OwnMedia {

	private final MediaUploads uploads;

	private final MediaLinks links;

	private final SwitchboardProperties switchboard;

	OwnMedia(MediaUploads uploads, MediaLinks links, SwitchboardProperties switchboard) {
		this.uploads = uploads;
		this.links = links;
		this.switchboard = switchboard;
	}

	/**
	 * Refuses media URLs of this service that are not media uploaded for the channel.
	 * @throws BadRequestException for such a URL
	 */
	void require(ChannelView channel, MessageContent content) {
		if (!(content instanceof MessageContent.Media media) || !ours(media.url())) {
			return;
		}
		boolean uploaded = uploadedId(channel.workspaceId(), channel.id(), media.url())
			.flatMap((id) -> this.uploads.findOutgoing(channel.workspaceId(), channel.id(), id))
			.isPresent();
		if (!uploaded) {
			throw new BadRequestException(
					"message.attachment.url: names no media uploaded for this channel; upload it first");
		}
	}

	/**
	 * The content as the platform gets it: our own media's URL becomes a public signed
	 * link.
	 */
	MessageContent forPlatform(UUID workspaceId, UUID channelId, MessageContent content) {
		if (!(content instanceof MessageContent.Media media) || !ours(media.url())) {
			return content;
		}
		return uploadedId(workspaceId, channelId, media.url())
			.<MessageContent>map((id) -> MessageContent.Media.of(media.type(), this.links.publicUrl(id), media.name(),
					media.text(), media.mediaId(), media.mimeType()))
			.orElse(content);
	}

	private boolean ours(String url) {
		return url != null && url.startsWith(this.switchboard.publicUrl() + "/workspaces/");
	}

	private Optional<UUID> uploadedId(UUID workspaceId, UUID channelId, String url) {
		String prefix = this.switchboard.publicUrl() + MediaUploads.outgoingPath(workspaceId, channelId);
		if (!url.startsWith(prefix)) {
			return Optional.empty();
		}
		try {
			return Optional.of(UUID.fromString(url.substring(prefix.length())));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

}

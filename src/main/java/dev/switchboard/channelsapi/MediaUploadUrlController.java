package dev.switchboard.channelsapi;

import java.time.Instant;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import dev.switchboard.channel.ChannelService;
import dev.switchboard.channel.ChannelView;
import dev.switchboard.common.security.Action;
import dev.switchboard.common.security.Endpoint;
import dev.switchboard.media.MediaUploads;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code media.upload-url}: the dotted form of {@code POST
 * /channels/{id}/presigned-upload}, snake_case as the dotted API is.
 */
@RestController
class MediaUploadUrlController {

	private final ChannelService channels;

	private final MediaUploads uploads;

	MediaUploadUrlController(ChannelService channels, MediaUploads uploads) {
		this.channels = channels;
		this.uploads = uploads;
	}

	@Endpoint(action = Action.CREATE, resource = "/workspaces/{ws}/channels/{channel_id}/presigned-upload")
	@PostMapping("/media.upload-url")
	UploadUrl uploadUrl(@Valid @RequestBody UploadUrlRequest request) {
		ChannelView channel = this.channels.find(request.channelId());
		MediaUploads.Presigned presigned = this.uploads.presign(channel.workspaceId(), channel.id(),
				request.contentType(), request.filename(), request.size());
		return new UploadUrl(presigned.mediaId(), presigned.mediaUrl(), presigned.uploadUrl(), "PUT",
				presigned.expiresAt());
	}

	/**
	 * @param channelId the channel the media is for
	 * @param contentType the file's type, which its bytes must have
	 * @param filename its name, if any
	 * @param size its length in bytes
	 */
	record UploadUrlRequest(@NotNull UUID channelId,
			@NotBlank @Size(max = 255) @Pattern(regexp = ChannelsApiController.MEDIA_TYPE,
					message = "must be a media type such as image/png") String contentType,
			@Size(max = 255) @Pattern(regexp = ChannelsApiController.FILENAME,
					message = "must be a file name without path separators") String filename,
			@NotNull @Min(1) Long size) {
	}

	/**
	 * @param mediaId the media's id
	 * @param mediaUrl what messages refer to it by
	 * @param uploadUrl where to {@code PUT} the bytes
	 * @param uploadMethod always {@code PUT}
	 * @param expiresAt when the upload URL stops working
	 */
	record UploadUrl(UUID mediaId, String mediaUrl, String uploadUrl, String uploadMethod, Instant expiresAt) {
	}

}

package dev.switchboard.channelsapi;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.switchboard.access.Permissions;
import dev.switchboard.channel.ChannelService;
import dev.switchboard.channel.ChannelView;
import dev.switchboard.channel.DivisionChange;
import dev.switchboard.common.error.BadRequestException;
import dev.switchboard.common.error.NotFoundException;
import dev.switchboard.common.pagination.Cursor;
import dev.switchboard.common.pagination.Cursors;
import dev.switchboard.common.security.Action;
import dev.switchboard.common.security.CurrentMember;
import dev.switchboard.common.security.Endpoint;
import dev.switchboard.media.Media;
import dev.switchboard.media.MediaResponses;
import dev.switchboard.media.MediaService;
import dev.switchboard.media.MediaUploads;
import dev.switchboard.message.ChannelMessage;
import dev.switchboard.message.ChannelQuery;
import dev.switchboard.message.Interaction;
import dev.switchboard.message.MessageMedia;
import dev.switchboard.message.MessageService;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Channels, their messages and interactions, and media, resource style under
 * {@code /workspaces/{workspaceId}}: each route binds, calls the same service as its
 * dotted counterpart and maps to Bird's shape.
 */
@RestController
@RequestMapping("/workspaces/{workspaceId}")
class ChannelsApiController {

	static final String CHANNEL_KIND = "api-channels";

	/** A media type, {@code type/subtype} with optional parameters. */
	static final String MEDIA_TYPE = "[A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+-]+(\\s*;.*)?";

	/** A file name without path separators or control characters. */
	static final String FILENAME = "[^/\\\\\\p{Cntrl}]+";

	private final ChannelService channels;

	private final MessageService messages;

	private final MessageMedia messageMedia;

	private final MediaUploads uploads;

	private final MediaService media;

	private final Permissions permissions;

	private final Cursors cursors;

	private final JsonMapper json;

	ChannelsApiController(ChannelService channels, MessageService messages, MessageMedia messageMedia,
			MediaUploads uploads, MediaService media, Permissions permissions, Cursors cursors, JsonMapper json) {
		this.channels = channels;
		this.messages = messages;
		this.messageMedia = messageMedia;
		this.uploads = uploads;
		this.media = media;
		this.permissions = permissions;
		this.cursors = cursors;
		this.json = json;
	}

	/**
	 * The channels the caller may view one by one (an access key limited to one channel
	 * lists that one), oldest first.
	 */
	@Endpoint(action = Action.VIEW, resource = "/workspaces/{ws}/channels")
	@GetMapping("/channels")
	ApiPage<ApiChannel> listChannels(@PathVariable UUID workspaceId,
			@RequestParam(defaultValue = "10") @Min(1) @Max(100) int limit,
			@RequestParam(required = false) @Size(max = 1024) String pageToken) {
		List<ChannelView> visible = this.channels.listAll()
			.stream()
			.filter((channel) -> this.permissions.allows(Action.VIEW,
					"/workspaces/" + channel.workspaceId() + "/channels/" + channel.id()))
			.sorted(Comparator.comparing(ChannelView::createdAt).thenComparing(ChannelView::id))
			.toList();
		int start = 0;
		if (pageToken != null && !pageToken.isEmpty()) {
			Cursor cursor = this.cursors.decode(CHANNEL_KIND, pageToken);
			start = position(visible, cursor);
		}
		List<ChannelView> page = visible.subList(Math.min(start, visible.size()),
				Math.min(start + limit, visible.size()));
		String next = null;
		if (start + limit < visible.size()) {
			ChannelView last = page.get(page.size() - 1);
			next = this.cursors.encode(new Cursor(CHANNEL_KIND, Cursor.Direction.FORWARD,
					List.of(last.createdAt().toString(), last.id().toString())));
		}
		return new ApiPage<>(page.stream().map(ApiChannel::of).toList(), next);
	}

	/** The index after the channel a token names, by (createdAt, id). */
	private static int position(List<ChannelView> channels, Cursor cursor) {
		Instant createdAt;
		UUID id;
		try {
			createdAt = Instant.parse(cursor.key().get(0));
			id = UUID.fromString(cursor.key().get(1));
		}
		catch (RuntimeException ex) {
			throw new BadRequestException("The page token is not valid: use a token returned by this list.");
		}
		int index = 0;
		for (ChannelView channel : channels) {
			int order = channel.createdAt().compareTo(createdAt);
			if (order > 0 || (order == 0 && channel.id().compareTo(id) > 0)) {
				break;
			}
			index++;
		}
		return index;
	}

	@Endpoint(action = Action.VIEW, resource = "/workspaces/{ws}/channels/{channel_id}")
	@GetMapping("/channels/{channelId}")
	ApiChannel channel(@PathVariable UUID workspaceId, @PathVariable UUID channelId) {
		return ApiChannel.of(this.channels.find(channelId));
	}

	@Endpoint(action = Action.UPDATE, resource = "/workspaces/{ws}/channels/{channel_id}")
	@PatchMapping("/channels/{channelId}")
	ApiChannel updateChannel(@PathVariable UUID workspaceId, @PathVariable UUID channelId,
			@Valid @RequestBody ChannelPatch patch) {
		return ApiChannel.of(this.channels.update(channelId, patch.name(), patch.imageUrl(), patch.division()));
	}

	@Endpoint(action = Action.VIEW, resource = "/workspaces/{ws}/channels/{channel_id}/messages")
	@GetMapping("/channels/{channelId}/messages")
	ApiPage<ApiMessage> listMessages(@PathVariable UUID workspaceId, @PathVariable UUID channelId,
			@RequestParam(defaultValue = "10") @Min(1) @Max(100) int limit,
			@RequestParam(required = false) @Size(max = 1024) String pageToken,
			@RequestParam(required = false) @Pattern(regexp = "incoming|outgoing",
					message = "must be incoming or outgoing") String direction,
			@RequestParam(required = false) @Pattern(regexp = "accepted|processing|sent|delivered|read|sending_failed",
					message = "must be accepted, processing, sent, delivered, read or sending_failed") String status,
			@RequestParam(required = false) Instant startAt, @RequestParam(required = false) Instant endAt) {
		String source = this.channels.find(channelId).source();
		MessageService.ChannelPage page = this.messages.listOnChannel(channelId,
				new ChannelQuery(direction, status, startAt, endAt), limit, pageToken);
		return new ApiPage<>(page.results().stream().map((message) -> ApiMessage.of(message, source)).toList(),
				page.nextPageToken());
	}

	@Endpoint(action = Action.VIEW, resource = "/workspaces/{ws}/channels/{channel_id}/messages/{message_id}")
	@GetMapping("/channels/{channelId}/messages/{messageId}")
	ApiMessage message(@PathVariable UUID workspaceId, @PathVariable UUID channelId, @PathVariable UUID messageId) {
		ChannelMessage message = this.messages.findOnChannel(channelId, messageId);
		return ApiMessage.of(message, this.channels.find(channelId).source());
	}

	/**
	 * Sends a message through the same outbox, with the same idempotency, as
	 * {@code messages.send}.
	 */
	@Endpoint(action = Action.CREATE, resource = "/workspaces/{ws}/channels/{channel_id}/messages")
	@PostMapping("/channels/{channelId}/messages")
	@ResponseStatus(HttpStatus.ACCEPTED)
	ApiMessage createMessage(@PathVariable UUID workspaceId, @PathVariable UUID channelId,
			@Valid @RequestBody NewMessage request,
			@RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
			Authentication authentication) {
		if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 255)) {
			throw new BadRequestException("The idempotency key must be 1 to 255 characters.");
		}
		ChannelMessage sent = this.messages.sendOnChannel(UUID.fromString(authentication.getName()), channelId,
				request.receiver().contacts().get(0).identifierValue(), request.body().toMessage(this.json),
				idempotencyKey, request.reference());
		return ApiMessage.of(sent, this.channels.find(channelId).source());
	}

	@Endpoint(action = Action.VIEW,
			resource = "/workspaces/{ws}/channels/{channel_id}/messages/{message_id}/interactions")
	@GetMapping("/channels/{channelId}/messages/{messageId}/interactions")
	ApiPage<ApiInteraction> interactions(@PathVariable UUID workspaceId, @PathVariable UUID channelId,
			@PathVariable UUID messageId) {
		List<Interaction> interactions = this.messages.interactions(channelId, messageId);
		return new ApiPage<>(interactions.stream().map(ApiInteraction::of).toList(), null);
	}

	@Endpoint(action = Action.CREATE, resource = "/workspaces/{ws}/channels/{channel_id}/presigned-upload")
	@PostMapping("/channels/{channelId}/presigned-upload")
	ApiUpload presignedUpload(@PathVariable UUID workspaceId, @PathVariable UUID channelId,
			@Valid @RequestBody UploadRequest request) {
		ChannelView channel = this.channels.find(channelId);
		return ApiUpload.of(this.uploads.presign(channel.workspaceId(), channel.id(), request.contentType(),
				request.filename(), request.size()));
	}

	@Endpoint(action = Action.VIEW, resource = "/workspaces/{ws}/channels/{channel_id}/media/{media_id}")
	@GetMapping("/channels/{channelId}/media/{mediaId}")
	ResponseEntity<byte[]> outgoingMedia(@PathVariable UUID workspaceId, @PathVariable UUID channelId,
			@PathVariable UUID mediaId) {
		ChannelView channel = this.channels.find(channelId);
		Media found = this.uploads.findOutgoing(channel.workspaceId(), channel.id(), mediaId)
			.orElseThrow(() -> new NotFoundException("No such media."));
		return MediaResponses.of(found, this.media.content(found.workspaceId(), found.id())
			.orElseThrow(() -> new NotFoundException("No such media.")));
	}

	@Endpoint(action = Action.VIEW, resource = "/workspaces/{ws}/messages/{message_id}/media/{media_id}")
	@GetMapping("/messages/{messageId}/media/{mediaId}")
	ResponseEntity<byte[]> messageMedia(@PathVariable UUID workspaceId, @PathVariable UUID messageId,
			@PathVariable @Pattern(regexp = "[A-Za-z0-9._-]{1,128}", message = "must be a media id") String mediaId) {
		MessageMedia.Content content = this.messageMedia.content(messageId, mediaId);
		return MediaResponses.of(content.media(), content.bytes());
	}

	/**
	 * A page of a list.
	 *
	 * @param <T> the item type
	 * @param results the items
	 * @param nextPageToken the token of the next page, {@code null} on the last
	 */
	@CamelCase
	record ApiPage<T>(List<T> results, @JsonInclude(JsonInclude.Include.ALWAYS) String nextPageToken) {
	}

	/**
	 * An interaction of a message.
	 *
	 * @param id its id
	 * @param messageId the message
	 * @param type {@code delivered}, {@code read}, {@code clicked} or {@code reaction}
	 * @param reaction the reaction, for {@code reaction}
	 * @param createdAt when it happened
	 */
	@CamelCase
	record ApiInteraction(UUID id, UUID messageId, String type, JsonNode reaction, Instant createdAt) {

		static ApiInteraction of(Interaction interaction) {
			return new ApiInteraction(interaction.id(), interaction.messageId(), interaction.type(),
					"reaction".equals(interaction.type()) ? interaction.detail() : null, interaction.createdAt());
		}

	}

	/**
	 * A prepared upload.
	 *
	 * @param mediaId the media's id
	 * @param mediaUrl what messages refer to it by
	 * @param uploadUrl where to {@code PUT} the bytes, once, without other credentials
	 * @param uploadMethod always {@code PUT}
	 * @param expiresAt when the upload URL stops working
	 */
	@CamelCase
	record ApiUpload(UUID mediaId, String mediaUrl, String uploadUrl, String uploadMethod, Instant expiresAt) {

		static ApiUpload of(MediaUploads.Presigned presigned) {
			return new ApiUpload(presigned.mediaId(), presigned.mediaUrl(), presigned.uploadUrl(), "PUT",
					presigned.expiresAt());
		}

	}

	/**
	 * {@code PATCH /channels/{id}}: absent fields stay; a {@code null} division clears
	 * it.
	 */
	@CamelCase
	record ChannelPatch(@Pattern(regexp = "(?s).*\\S.*", message = "must not be blank") @Size(max = 200) String name,
			@Size(max = 2048) @Pattern(regexp = "(https?://\\S+)?", message = "must be an http(s) URL") String imageUrl,
			JsonNode divisionId) {

		Optional<UUID> division() {
			return DivisionChange.of(this.divisionId, "divisionId");
		}

	}

	/**
	 * {@code POST /channels/{id}/presigned-upload}.
	 *
	 * @param contentType the file's type, which its bytes must have
	 * @param filename its name, if any
	 * @param size its length in bytes
	 */
	@CamelCase
	record UploadRequest(
			@NotBlank @Size(max = 255) @Pattern(regexp = MEDIA_TYPE,
					message = "must be a media type such as image/png") String contentType,
			@Size(max = 255) @Pattern(regexp = FILENAME,
					message = "must be a file name without path separators") String filename,
			@NotNull @Min(1) Long size) {
	}

	/**
	 * {@code POST /channels/{id}/messages}.
	 *
	 * @param receiver the contact
	 * @param body the content
	 * @param reference the client's own reference, shown back
	 */
	@CamelCase
	record NewMessage(@NotNull @Valid Receiver receiver, @NotNull @Valid MessageBody body,
			@Size(max = 256) String reference) {
	}

	/**
	 * @param contacts the one contact to send to
	 */
	@CamelCase
	record Receiver(
			@NotEmpty @Size(max = 1, message = "must name one contact") List<@Valid @NotNull Contact> contacts) {
	}

	/**
	 * @param identifierValue the contact's platform id (a phone number, a PSID)
	 * @param identifierKey what it is, optional
	 */
	@CamelCase
	record Contact(@NotBlank @Size(max = 256) String identifierValue, @Size(max = 64) String identifierKey) {
	}

	/**
	 * A body to send: {@code text}, {@code image} or {@code file}.
	 *
	 * @param type which one
	 * @param text the text
	 * @param image the image
	 * @param file the file
	 */
	@CamelCase
	record MessageBody(
			@NotNull @Pattern(regexp = "text|image|file", message = "must be text, image or file") String type,
			@Valid TextBody text, @Valid ImageBody image, @Valid FileBody file) {

		/** The {@code message} of {@code messages.send} this body is. */
		JsonNode toMessage(JsonMapper json) {
			ObjectNode message = json.createObjectNode();
			switch (this.type) {
				case "text" -> {
					if (this.text == null) {
						throw new BadRequestException("body.text: must be given for a text body");
					}
					message.put("text", this.text.text());
				}
				case "image" -> {
					if (this.image == null) {
						throw new BadRequestException("body.image: must be given for an image body");
					}
					ImageItem item = this.image.images().get(0);
					ObjectNode attachment = message.putObject("attachment")
						.put("type", "image")
						.put("url", item.mediaUrl());
					if (item.altText() != null) {
						attachment.put("name", item.altText());
					}
					if (this.image.text() != null) {
						message.put("text", this.image.text());
					}
				}
				default -> {
					if (this.file == null) {
						throw new BadRequestException("body.file: must be given for a file body");
					}
					FileItem item = this.file.files().get(0);
					ObjectNode attachment = message.putObject("attachment")
						.put("type", attachmentType(item.contentType()))
						.put("url", item.mediaUrl());
					if (item.filename() != null) {
						attachment.put("name", item.filename());
					}
					if (this.file.text() != null) {
						message.put("text", this.file.text());
					}
				}
			}
			return message;
		}

		private static String attachmentType(String contentType) {
			String type = contentType.substring(0, contentType.indexOf('/'));
			return switch (type) {
				case "image", "video", "audio" -> type;
				default -> "file";
			};
		}

	}

	/**
	 * @param text the text
	 */
	@CamelCase
	record TextBody(@NotBlank String text) {
	}

	/**
	 * @param images the one image
	 * @param text a caption
	 */
	@CamelCase
	record ImageBody(@NotEmpty @Size(max = 1, message = "must hold one image") List<@Valid @NotNull ImageItem> images,
			String text) {
	}

	/**
	 * @param mediaUrl the image's URL (a presigned upload's {@code mediaUrl}, or any
	 * public URL)
	 * @param altText its alternative text
	 */
	@CamelCase
	record ImageItem(@NotBlank @Size(max = 2048) String mediaUrl, @Size(max = 256) String altText) {
	}

	/**
	 * @param files the one file
	 * @param text a caption
	 */
	@CamelCase
	record FileBody(@NotEmpty @Size(max = 1, message = "must hold one file") List<@Valid @NotNull FileItem> files,
			String text) {
	}

	/**
	 * @param mediaUrl the file's URL
	 * @param contentType its type
	 * @param filename its name
	 */
	@CamelCase
	record FileItem(@NotBlank @Size(max = 2048) String mediaUrl,
			@NotBlank @Pattern(regexp = MEDIA_TYPE,
					message = "must be a media type such as application/pdf") String contentType,
			@Size(max = 256) String filename) {
	}

}

package dev.switchboard.message;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import tools.jackson.databind.json.JsonMapper;

import dev.switchboard.common.db.AdvisoryLocks;
import dev.switchboard.common.error.NotFoundException;
import dev.switchboard.common.security.CurrentMember;
import dev.switchboard.conversation.ConversationService;
import dev.switchboard.media.Media;
import dev.switchboard.media.MediaService;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The media of messages, as {@code /workspaces/{ws}/messages/{messageId}/media/{mediaId}}
 * serves them: media stored with the message (email attachments), and media a platform
 * gave only an id for (WhatsApp), fetched from it with the channel's credentials on first
 * use and kept.
 */
@Component
public class MessageMedia {

	private final MessageRepository messages;

	private final ConversationService conversations;

	private final MediaService media;

	private final Map<String, MediaFetcher> fetchers;

	private final AdvisoryLocks locks;

	private final JsonMapper json;

	MessageMedia(MessageRepository messages, ConversationService conversations, MediaService media,
			List<MediaFetcher> fetchers, AdvisoryLocks locks, JsonMapper json) {
		this.messages = messages;
		this.conversations = conversations;
		this.media = media;
		this.fetchers = fetchers.stream()
			.collect(Collectors.toUnmodifiableMap(MediaFetcher::source, Function.identity()));
		this.locks = locks;
		this.json = json;
	}

	/**
	 * A media of a message the caller can see: stored, or fetched now and kept.
	 * @param mediaId our id of the media, or the platform's
	 * @throws NotFoundException when the message or its media is not there
	 */
	@Transactional
	public Content content(UUID messageId, String mediaId) {
		UUID workspaceId = CurrentMember.workspaceId();
		MessageRow row = this.messages.find(workspaceId, messageId).orElseThrow(MessageMedia::notFound);
		// the message's conversation must be one the member sees
		this.conversations.ref(row.conversationId());
		Optional<Content> stored = stored(workspaceId, messageId, mediaId);
		if (stored.isPresent()) {
			return stored.get();
		}
		MediaFetcher fetcher = this.fetchers.get(row.source());
		if (fetcher == null
				|| !(this.json.readValue(row.content(), MessageContent.class) instanceof MessageContent.Media carried)
				|| !mediaId.equals(carried.mediaId())) {
			throw notFound();
		}
		// one download however many read it at once
		this.locks.lock(AdvisoryLocks.Kind.MESSAGE_MEDIA, messageId + "\n" + mediaId);
		return stored(workspaceId, messageId, mediaId).orElseGet(() -> {
			MediaFetcher.Fetched fetched = fetcher.fetch(row.channelId(), mediaId, this.media.maxSize());
			Media kept = this.media.store(workspaceId,
					(fetched.filename() != null) ? fetched.filename() : carried.name(), fetched.bytes());
			this.media.attach(workspaceId, messageId, kept.id(), mediaId);
			return new Content(kept, fetched.bytes());
		});
	}

	private Optional<Content> stored(UUID workspaceId, UUID messageId, String mediaId) {
		return this.media.findAttached(workspaceId, messageId, mediaId)
			.flatMap((found) -> this.media.content(workspaceId, found.id()).map((bytes) -> new Content(found, bytes)));
	}

	private static NotFoundException notFound() {
		return new NotFoundException("No such media.");
	}

	/**
	 * A media and its bytes.
	 *
	 * @param media what is known of it
	 * @param bytes its content
	 */
	public record Content(Media media, byte[] bytes) {

	}

}

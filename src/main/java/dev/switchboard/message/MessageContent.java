package dev.switchboard.message;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The content of a message, one record per {@code type}; the JSON of each is what the API
 * shows as a message's {@code content} (Jackson reads and writes it by its {@code type}).
 * Sources map their platform's payloads to it, senders switch over it exhaustively, so a
 * new type cannot be forgotten.
 * <p>
 * The constraints apply to what clients send; what platforms send is kept as it came.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({ @JsonSubTypes.Type(value = MessageContent.Text.class, name = "text"),
		@JsonSubTypes.Type(value = MessageContent.Image.class, name = "image"),
		@JsonSubTypes.Type(value = MessageContent.Video.class, name = "video"),
		@JsonSubTypes.Type(value = MessageContent.Audio.class, name = "audio"),
		@JsonSubTypes.Type(value = MessageContent.File.class, name = "file"),
		@JsonSubTypes.Type(value = MessageContent.Location.class, name = "location"),
		@JsonSubTypes.Type(value = MessageContent.Postback.class, name = "postback"),
		@JsonSubTypes.Type(value = MessageContent.Template.class, name = "template"),
		@JsonSubTypes.Type(value = MessageContent.Unsupported.class, name = "unsupported"),
		@JsonSubTypes.Type(value = MessageContent.SourcePayload.class, name = "source_payload") })
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface MessageContent {

	/** The longest text, in characters (code points). */
	int MAX_TEXT = 4096;

	/** The longest attachment name, in characters (code points). */
	int MAX_NAME = 256;

	/** Null, or a string with something other than white space. */
	String NON_BLANK = "(?s).*\\S.*";

	/**
	 * The content's {@code type}, as in its JSON.
	 */
	@JsonIgnore
	default String type() {
		return switch (this) {
			case Text text -> "text";
			case Image image -> "image";
			case Video video -> "video";
			case Audio audio -> "audio";
			case File file -> "file";
			case Location location -> "location";
			case Postback postback -> "postback";
			case Template template -> "template";
			case Unsupported unsupported -> "unsupported";
			case SourcePayload payload -> "source_payload";
		};
	}

	/**
	 * Plain text.
	 *
	 * @param text the text
	 */
	record Text(@NotBlank(message = "must be a non-blank string") @CodePoints(max = MAX_TEXT) String text)
			implements
				MessageContent {

	}

	/**
	 * A file the message carries: an image, a video, a sound or any file. Platforms that
	 * keep media to themselves (WhatsApp) give a media id instead of a URL.
	 */
	sealed interface Media extends MessageContent {

		/** Where the file is, or {@code null} when only a media id is known. */
		String url();

		/** The file's name or alt text, if any. */
		String name();

		/** The caption, if any. */
		String text();

		/** The platform's id of the media, if it gives no URL. */
		String mediaId();

		/** The MIME type, if the platform says it. */
		String mimeType();

		/**
		 * Media of a type ({@code image}, {@code video}, {@code audio}, {@code file}) at
		 * a URL.
		 * @throws IllegalArgumentException for another type
		 */
		static Media of(String type, String url, String name, String text) {
			return of(type, url, name, text, null, null);
		}

		/**
		 * Media of a type, with everything a platform may say about it.
		 * @throws IllegalArgumentException for a type that is not media
		 */
		static Media of(String type, String url, String name, String text, String mediaId, String mimeType) {
			return switch (type) {
				case "image" -> new Image(url, name, text, mediaId, mimeType);
				case "video" -> new Video(url, name, text, mediaId, mimeType);
				case "audio" -> new Audio(url, name, text, mediaId, mimeType);
				case "file" -> new File(url, name, text, mediaId, mimeType);
				default -> throw new IllegalArgumentException("Not a media type: " + type);
			};
		}

	}

	record Image(@NotNull(message = WebUrl.MESSAGE) @WebUrl String url,
			@Pattern(regexp = NON_BLANK,
					message = "must be a non-blank string") @CodePoints(max = MAX_NAME) String name,
			@CodePoints(max = MAX_TEXT) String text, @JsonProperty("media_id") String mediaId,
			@JsonProperty("mime_type") String mimeType) implements Media {

	}

	record Video(@NotNull(message = WebUrl.MESSAGE) @WebUrl String url,
			@Pattern(regexp = NON_BLANK,
					message = "must be a non-blank string") @CodePoints(max = MAX_NAME) String name,
			@CodePoints(max = MAX_TEXT) String text, @JsonProperty("media_id") String mediaId,
			@JsonProperty("mime_type") String mimeType) implements Media {

	}

	record Audio(@NotNull(message = WebUrl.MESSAGE) @WebUrl String url,
			@Pattern(regexp = NON_BLANK,
					message = "must be a non-blank string") @CodePoints(max = MAX_NAME) String name,
			@CodePoints(max = MAX_TEXT) String text, @JsonProperty("media_id") String mediaId,
			@JsonProperty("mime_type") String mimeType) implements Media {

	}

	record File(@NotNull(message = WebUrl.MESSAGE) @WebUrl String url,
			@Pattern(regexp = NON_BLANK,
					message = "must be a non-blank string") @CodePoints(max = MAX_NAME) String name,
			@CodePoints(max = MAX_TEXT) String text, @JsonProperty("media_id") String mediaId,
			@JsonProperty("mime_type") String mimeType) implements Media {

	}

	/**
	 * A place.
	 *
	 * @param latitude its latitude
	 * @param longitude its longitude
	 * @param name its name or address, if any
	 */
	record Location(double latitude, double longitude, String name) implements MessageContent {

	}

	/**
	 * A button or quick reply the contact chose.
	 *
	 * @param text the button's title, if any
	 * @param payload what the button carries
	 */
	record Postback(String text, String payload) implements MessageContent {

	}

	/**
	 * A platform template (WhatsApp), sent as given.
	 *
	 * @param template the template object
	 */
	record Template(@NotNull JsonNode template) implements MessageContent {

	}

	/**
	 * Something the platform sent that has no type here; the message's
	 * {@code source_content} keeps it.
	 */
	record Unsupported() implements MessageContent {

	}

	/**
	 * The platform's own message object, sent as it is. It is never shown as content: the
	 * message shows {@link Unsupported} with the payload as its {@code source_content}.
	 *
	 * @param payload the platform's message object
	 */
	record SourcePayload(@NotNull JsonNode payload) implements MessageContent {

	}

}

package dev.switchboard.channelsapi;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

import dev.switchboard.message.ChannelMessage;
import dev.switchboard.message.MessageContent;
import dev.switchboard.message.MessageView;

/**
 * A message as the Channels API shows it: the same message as {@code messages.list}, in
 * Bird's shape.
 *
 * @param id the message id
 * @param channelId its channel
 * @param direction {@code incoming} or {@code outgoing}
 * @param status {@code accepted}, {@code processing}, {@code sent}, {@code delivered},
 * {@code read} or {@code sending_failed}
 * @param reason why sending failed
 * @param sender the contact (incoming) or the channel's connector (outgoing)
 * @param receiver the contact (outgoing) or the connector (incoming)
 * @param body the content
 * @param reference the client's reference, if it gave one
 * @param conversationId its conversation
 * @param createdAt when it was sent
 * @param updatedAt when it last changed
 * @param lastStatusAt when its status last changed
 */
@CamelCase
record ApiMessage(UUID id, UUID channelId, String direction, String status, String reason, Party sender,
		Receiver receiver, Body body, String reference, UUID conversationId, Instant createdAt, Instant updatedAt,
		Instant lastStatusAt) {

	static ApiMessage of(ChannelMessage message, String source) {
		MessageView view = message.message();
		Contact contact = new Contact(identifierKey(source), message.recipientId(),
				"incoming".equals(message.direction()) ? view.sender().name() : null);
		Connector connector = new Connector(message.channelId());
		boolean incoming = "incoming".equals(message.direction());
		return new ApiMessage(view.id(), message.channelId(), message.direction(), message.status(), message.reason(),
				incoming ? new Party(contact, null) : new Party(null, connector),
				incoming ? new Receiver(null, connector) : new Receiver(List.of(contact), null),
				Body.of(view.content()), view.metadata().path("reference").asString(null), view.conversationId(),
				view.sentAt(), message.updatedAt(), message.lastStatusAt());
	}

	/**
	 * What a contact's identifier is on a source.
	 */
	static String identifierKey(String source) {
		return switch (source) {
			case "whatsapp", "twilio.sms", "twilio.whatsapp" -> "phonenumber";
			case "email" -> "emailaddress";
			case "facebook" -> "psid";
			case "instagram" -> "igsid";
			case "chatplugin" -> "visitor_id";
			case "google" -> "conversation_id";
			default -> "id";
		};
	}

	/**
	 * Who sent a message: a contact or a connector.
	 *
	 * @param contact the contact, for incoming messages
	 * @param connector the channel's connector, for outgoing ones
	 */
	@CamelCase
	record Party(Contact contact, Connector connector) {
	}

	/**
	 * Who a message went to.
	 *
	 * @param contacts the contacts, for outgoing messages
	 * @param connector the channel's connector, for incoming ones
	 */
	@CamelCase
	record Receiver(List<Contact> contacts, Connector connector) {
	}

	/**
	 * A contact.
	 *
	 * @param identifierKey what the identifier is ({@code phonenumber}, {@code psid},
	 * ...)
	 * @param identifierValue the contact's platform id
	 * @param displayName the name the platform gave, if any
	 */
	@CamelCase
	record Contact(String identifierKey, String identifierValue, String displayName) {
	}

	/**
	 * A channel's connector.
	 *
	 * @param id its id (the channel's)
	 */
	@CamelCase
	record Connector(UUID id) {
	}

	/**
	 * A message's content in Bird's shape: {@code text}, {@code image}, {@code file}, or
	 * the portable content's own type with its fields ({@code location},
	 * {@code postback}, {@code template}, {@code unsupported}).
	 *
	 * @param type the body's type
	 * @param text the text of a text message
	 * @param image the images of an image message
	 * @param file the files of a video, audio or file message
	 * @param location a place
	 * @param postback a button the contact chose
	 * @param template a platform template
	 */
	@CamelCase
	record Body(String type, Text text, Images image, Files file, Location location, Postback postback,
			JsonNode template) {

		static Body of(MessageContent content) {
			return switch (content) {
				case MessageContent.Text text -> new Body("text", new Text(text.text()), null, null, null, null, null);
				case MessageContent.Image image ->
					new Body("image", null, new Images(List.of(new Image(image.url(), image.name())), image.text()),
							null, null, null, null);
				case MessageContent.Media media -> new Body("file", null, null,
						new Files(List.of(new File(media.url(), media.mimeType(), media.name())), media.text()), null,
						null, null);
				case MessageContent.Location location -> new Body("location", null, null, null,
						new Location(location.latitude(), location.longitude(), location.name()), null, null);
				case MessageContent.Postback postback -> new Body("postback", null, null, null, null,
						new Postback(postback.text(), postback.payload()), null);
				case MessageContent.Template template ->
					new Body("template", null, null, null, null, null, template.template());
				case MessageContent.Unsupported unsupported ->
					new Body("unsupported", null, null, null, null, null, null);
				case MessageContent.SourcePayload payload ->
					new Body("unsupported", null, null, null, null, null, null);
			};
		}

	}

	/**
	 * @param text the text
	 */
	@CamelCase
	record Text(String text) {
	}

	/**
	 * @param images the images
	 * @param text a caption, if any
	 */
	@CamelCase
	record Images(List<Image> images, String text) {
	}

	/**
	 * @param mediaUrl where the image is
	 * @param altText its alternative text, if any
	 */
	@CamelCase
	record Image(String mediaUrl, String altText) {
	}

	/**
	 * @param files the files
	 * @param text a caption, if any
	 */
	@CamelCase
	record Files(List<File> files, String text) {
	}

	/**
	 * @param mediaUrl where the file is
	 * @param contentType its type, if known
	 * @param filename its name, if any
	 */
	@CamelCase
	record File(String mediaUrl, String contentType, String filename) {
	}

	/**
	 * @param latitude its latitude
	 * @param longitude its longitude
	 * @param name its name or address, if any
	 */
	@CamelCase
	record Location(double latitude, double longitude, String name) {
	}

	/**
	 * @param text the button's title, if any
	 * @param payload what it carries
	 */
	@CamelCase
	record Postback(String text, String payload) {
	}

}

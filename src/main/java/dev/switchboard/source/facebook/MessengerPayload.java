package dev.switchboard.source.facebook;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * A Messenger or Instagram webhook delivery: a batch of entries, one per page or
 * Instagram account, each with its {@code messaging} (and {@code standby}) items.
 *
 * @param object {@code page} or {@code instagram}
 * @param entry the entries
 */
record MessengerPayload(String object, List<Entry> entry) {

	MessengerPayload {
		entry = (entry != null) ? entry : List.of();
	}

	/**
	 * The events of one page or Instagram account.
	 *
	 * @param id the page's or account's id
	 * @param time when Meta sent the entry, in epoch milliseconds
	 * @param messaging the events for the app
	 * @param standby the events for another app holding the thread (handover protocol)
	 */
	record Entry(String id, Long time, List<Item> messaging, List<Item> standby) {

		Entry {
			messaging = (messaging != null) ? messaging : List.of();
			standby = (standby != null) ? standby : List.of();
		}

	}

	/**
	 * One messaging item, with the JSON it was read from: messages keep it as their
	 * {@code source_content}, and an event without a {@code mid} is recognised by a hash
	 * of its text, which must stay the one earlier deliveries were stored under.
	 *
	 * @param event the item, typed
	 * @param json the item as sent
	 */
	@JsonDeserialize(using = ItemReader.class)
	record Item(Messaging event, JsonNode json) {

	}

	/**
	 * A messaging item: one of its event fields is set.
	 *
	 * @param sender who sent it (the contact, or the page for an echo)
	 * @param recipient who it is for
	 * @param timestamp when it was sent, in epoch milliseconds
	 * @param message a message (or its echo, or its deletion)
	 * @param postback a button the contact chose
	 * @param reaction a reaction to a message
	 * @param delivery a delivery receipt
	 * @param read a read receipt
	 */
	record Messaging(Party sender, Party recipient, Long timestamp, Message message, Postback postback,
			Reaction reaction, Receipt delivery, Receipt read) {

	}

	/**
	 * A participant.
	 *
	 * @param id its page-scoped (or Instagram-scoped) id
	 */
	record Party(String id) {

	}

	/**
	 * A message.
	 *
	 * @param mid its id
	 * @param text its text, if any
	 * @param quickReply the quick reply chosen, if any
	 * @param attachments its attachments
	 * @param isEcho whether the page sent it
	 * @param isDeleted whether the contact unsent it (Instagram)
	 * @param app the app that sent an echo, if any: Meta sends its id as a number
	 */
	record Message(String mid, String text, QuickReply quickReply, List<Attachment> attachments, Boolean isEcho,
			Boolean isDeleted, @JsonProperty("app_id") JsonNode app) {

		Message {
			attachments = (attachments != null) ? attachments : List.of();
		}

		boolean echo() {
			return Boolean.TRUE.equals(this.isEcho);
		}

		boolean deleted() {
			return Boolean.TRUE.equals(this.isDeleted);
		}

		/**
		 * The id of the app that sent an echo, or {@code null}.
		 */
		String appId() {
			return (this.app != null && (this.app.isNumber() || this.app.isString())) ? this.app.asString() : null;
		}

	}

	/**
	 * A quick reply chosen.
	 *
	 * @param payload what it carries
	 */
	record QuickReply(String payload) {

	}

	/**
	 * An attachment of a message.
	 *
	 * @param type {@code image}, {@code video}, {@code audio}, {@code file},
	 * {@code location}, {@code template}, {@code fallback}, ...
	 * @param title a location's name
	 * @param payload where it is
	 */
	record Attachment(String type, String title, AttachmentPayload payload) {

	}

	/**
	 * Where an attachment is.
	 *
	 * @param url a file's URL
	 * @param title a file's name
	 * @param coordinates a location's coordinates
	 */
	record AttachmentPayload(String url, String title, Coordinates coordinates) {

	}

	/**
	 * A place.
	 *
	 * @param lat its latitude
	 * @param longitude its longitude
	 */
	record Coordinates(Double lat, @JsonProperty("long") Double longitude) {

	}

	/**
	 * A button the contact chose.
	 *
	 * @param mid its id, if any
	 * @param title the button's title
	 * @param payload what the button carries
	 */
	record Postback(String mid, String title, String payload) {

	}

	/**
	 * A reaction to a message, or its removal.
	 *
	 * @param mid the message reacted to
	 * @param action {@code react} or {@code unreact}
	 * @param reaction its name ({@code love})
	 * @param emoji the emoji, as escaped code points in braces
	 */
	record Reaction(String mid, String action, String reaction, String emoji) {

	}

	/**
	 * A delivery or read receipt.
	 *
	 * @param watermark everything sent before it, in epoch milliseconds (Messenger)
	 * @param mid the message read (Instagram)
	 */
	record Receipt(Long watermark, String mid) {

	}

	/**
	 * Reads an item both as JSON and as a record.
	 */
	static class ItemReader extends ValueDeserializer<Item> {

		@Override
		public Item deserialize(JsonParser parser, DeserializationContext context) {
			JsonNode json = context.readTree(parser);
			return new Item(context.readTreeAsValue(json, Messaging.class), json);
		}

	}

}

package dev.switchboard.source.whatsapp;

import java.util.List;
import java.util.Objects;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.BeanProperty;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * A WhatsApp Cloud API webhook delivery: {@code entry[].changes[]}, of which those of
 * field {@code messages} carry a phone number's inbound messages and the statuses of its
 * sends. Only what the handler maps is read; the raw message is kept as it came.
 *
 * @param object {@code whatsapp_business_account}
 * @param entry the business accounts' entries
 */
record WhatsAppPayload(String object, List<Entry> entry) {

	WhatsAppPayload {
		entry = Objects.requireNonNullElse(entry, List.of());
	}

	record Entry(String id, List<Change> changes) {

		Entry {
			changes = Objects.requireNonNullElse(changes, List.of());
		}

	}

	record Change(String field, Value value) {

	}

	/**
	 * What changed on a phone number.
	 *
	 * @param metadata the phone number
	 * @param contacts the profiles of the contacts who wrote
	 * @param messages the messages received, each with its raw JSON
	 * @param statuses the statuses of messages sent
	 */
	record Value(Metadata metadata, List<Contact> contacts, List<Raw<Message>> messages, List<Status> statuses) {

		Value {
			contacts = Objects.requireNonNullElse(contacts, List.of());
			messages = Objects.requireNonNullElse(messages, List.of());
			statuses = Objects.requireNonNullElse(statuses, List.of());
		}

	}

	record Metadata(String phoneNumberId) {

	}

	record Contact(String waId, Profile profile) {

	}

	record Profile(String name) {

	}

	/**
	 * An inbound message: the object named by its {@code type} holds its content.
	 *
	 * @param timestamp epoch seconds, as a string
	 * @param contacts the contact cards of a {@code contacts} message
	 */
	record Message(String from, String id, String timestamp, String type, Text text, Media image, Media video,
			Media audio, Media document, Media sticker, Location location, List<SharedContact> contacts,
			Interactive interactive, Button button, Reaction reaction) {

		Message {
			contacts = Objects.requireNonNullElse(contacts, List.of());
		}

	}

	record Text(String body) {

	}

	/**
	 * Media sent by the contact (an id, to be downloaded with the token) or by link.
	 */
	record Media(String id, String mimeType, String filename, String caption, String link) {

	}

	record Location(Double latitude, Double longitude, String name) {

	}

	record SharedContact(Name name, List<Phone> phones) {

		SharedContact {
			phones = Objects.requireNonNullElse(phones, List.of());
		}

	}

	record Name(String formattedName) {

	}

	record Phone(String phone) {

	}

	/**
	 * A reply to an interactive message: the object named by its {@code type} is the
	 * chosen button or list row.
	 */
	record Interactive(String type, Reply buttonReply, Reply listReply) {

	}

	record Reply(String id, String title) {

	}

	/**
	 * A quick reply button of a template.
	 */
	record Button(String text, String payload) {

	}

	/**
	 * A reaction to a message; an empty emoji removes it.
	 */
	record Reaction(String messageId, String emoji) {

	}

	/**
	 * The status of a message sent.
	 *
	 * @param id the message's wamid
	 * @param timestamp epoch seconds, as a string
	 * @param errors why it failed, with their raw JSON
	 */
	record Status(String id, String status, String timestamp, Raw<List<Error>> errors) {

	}

	record Error(String title, String message, ErrorData errorData) {

	}

	record ErrorData(String details) {

	}

	/**
	 * A value read into its record, with the JSON it was read from: what WhatsApp sent is
	 * stored as it came (a message's {@code source_content}, a status's errors), fields
	 * not read here included.
	 *
	 * @param <T> the record
	 * @param value the value
	 * @param json the JSON
	 */
	@JsonDeserialize(using = Raw.Reader.class)
	record Raw<T>(T value, JsonNode json) {

		static final class Reader extends ValueDeserializer<Raw<?>> {

			private final JavaType type;

			Reader() {
				this(null);
			}

			private Reader(JavaType type) {
				this.type = type;
			}

			@Override
			public ValueDeserializer<?> createContextual(DeserializationContext context, BeanProperty property) {
				return new Reader(context.getContextualType().containedType(0));
			}

			@Override
			public Raw<?> deserialize(JsonParser parser, DeserializationContext context) {
				JsonNode json = context.readTree(parser);
				return new Raw<>(context.readTreeAsValue(json, this.type), json);
			}

		}

	}

}

package dev.switchboard.message;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

/**
 * What a source hands over from a platform: a message, a delivery report, a receipt, an
 * annotation of a message (a reaction, a deletion) or a contact asking for attention.
 * Sources only translate their payloads into these; {@link InboundMessages} applies them
 * (conversations, deduplication, counters, events) in one transaction.
 */
public sealed interface Inbound {

	/**
	 * The platform account the event is for; events of accounts that are no connected
	 * channel are ignored.
	 */
	Account account();

	/**
	 * A channel as the platform names it.
	 *
	 * @param source the source ({@code facebook}, {@code twilio.sms}, ...)
	 * @param id the platform's id of the account (a page id, a phone number)
	 */
	record Account(String source, String id) {

	}

	/**
	 * The contact a conversation is with.
	 *
	 * @param id the contact's platform id (the recipient of replies)
	 * @param name the name the platform gives, or {@code null}
	 * @param placeholder the name to show while the platform gives none, or {@code null}
	 * for the id; a later name replaces it (and the id), never a name an agent set
	 */
	record Contact(String id, String name, String placeholder) {

		/** A contact known only by id. */
		public static Contact of(String id) {
			return new Contact(id, null, null);
		}

		/** A contact with the name the platform gives, if any. */
		public static Contact named(String id, String name) {
			return new Contact(id, name, null);
		}

	}

	/**
	 * Who wrote a message.
	 *
	 * @param type the contact, or the business writing on the platform itself
	 * @param id the sender's id; {@code null} for the conversation's contact
	 * @param name the sender's name, if known
	 */
	record Sender(SenderType type, String id, String name) {

		/** The conversation's contact. */
		public static Sender contact() {
			return new Sender(SenderType.CONTACT, null, null);
		}

		/** The conversation's contact, with the name the platform gives. */
		public static Sender contact(String name) {
			return new Sender(SenderType.CONTACT, null, name);
		}

		/** The business, writing on the platform as the given sender id. */
		public static Sender business(String id) {
			return new Sender(SenderType.BUSINESS, id, null);
		}

	}

	/**
	 * Who wrote an inbound message.
	 */
	enum SenderType {

		/** The contact: counts as unread and reopens the conversation. */
		CONTACT("source_contact"),

		/** The business, on the platform's own inbox. */
		BUSINESS("source_user");

		private final String value;

		SenderType(String value) {
			this.value = value;
		}

		String value() {
			return this.value;
		}

	}

	/**
	 * A message received, stored in the contact's conversation (started when there is
	 * none) unless the channel already has its platform id. A business message that
	 * arrives while a send of ours to the contact is in flight may be that send's echo:
	 * it waits (is retried) until the send is recorded.
	 *
	 * @param account the channel
	 * @param contact the contact
	 * @param sender who wrote it
	 * @param sourceMessageId the platform's id, for deduplication, or {@code null}
	 * @param content the typed content
	 * @param sourceContent the platform's raw payload, or {@code null}
	 * @param sentAt when the platform says it was sent, or {@code null} for now
	 * @param id the message's id when the source must know it beforehand (an email
	 * attachment's URL names it), or {@code null} for a new one
	 * @param metadata the message's initial metadata ({@code source.subject}, say), or
	 * {@code null} for none
	 */
	record Message(Account account, Contact contact, Sender sender, String sourceMessageId, MessageContent content,
			JsonNode sourceContent, Instant sentAt, UUID id, JsonNode metadata) implements Inbound {

		public Message(Account account, Contact contact, Sender sender, String sourceMessageId, MessageContent content,
				JsonNode sourceContent, Instant sentAt) {
			this(account, contact, sender, sourceMessageId, content, sourceContent, sentAt, null, null);
		}

	}

	/**
	 * A platform's report on a message we sent.
	 *
	 * @param account the channel
	 * @param sourceMessageId the platform's id of the message
	 * @param report what it says
	 * @param awaitSend whether a report for a message not known yet is retried later (a
	 * platform can report before the delivery worker records the send), rather than
	 * ignored
	 */
	record Report(Account account, String sourceMessageId, DeliveryReport report,
			boolean awaitSend) implements Inbound {

	}

	/**
	 * The contact received (or read) the business's messages up to a point: a time, or a
	 * message named by its platform id.
	 *
	 * @param account the channel
	 * @param contactId the contact's platform id
	 * @param watermark the time, or {@code null} when a message is named
	 * @param sourceMessageId the message, when no time is given
	 * @param read read, rather than only delivered
	 */
	record Receipt(Account account, String contactId, Instant watermark, String sourceMessageId,
			boolean read) implements Inbound {

	}

	/**
	 * A value set in the metadata of a message the channel knows ({@code reaction},
	 * {@code deleted}).
	 *
	 * @param account the channel
	 * @param sourceMessageId the platform's id of the message
	 * @param path the metadata key, as segments
	 * @param value the value ({@code null} JSON removes a reaction)
	 * @param otherwise what to store instead when the message is not known, or
	 * {@code null}
	 */
	record Annotation(Account account, String sourceMessageId, List<String> path, JsonNode value,
			Message otherwise) implements Inbound {

	}

	/**
	 * The contact asks for a person: the conversation is started if need be and opened.
	 *
	 * @param account the channel
	 * @param contact the contact
	 */
	record Reopen(Account account, Contact contact) implements Inbound {

	}

}

package dev.switchboard.message;

import java.time.Instant;
import java.util.Locale;

import tools.jackson.databind.JsonNode;

/**
 * A message a source received.
 *
 * @param senderType the contact, or the business writing on the platform itself
 * @param senderId the sender's id; {@code null} for the conversation's contact
 * @param senderName the sender's name, if known
 * @param sourceMessageId the platform's id of the message, for deduplication, or
 * {@code null}
 * @param content the typed content ({@code {type: "text", text}}, ...)
 * @param sourceContent the platform's raw payload, or {@code null}
 * @param sentAt when the platform says it was sent, or {@code null} for now
 */
public record InboundMessage(SenderType senderType, String senderId, String senderName, String sourceMessageId,
		JsonNode content, JsonNode sourceContent, Instant sentAt) {

	/**
	 * Who wrote an inbound message.
	 */
	public enum SenderType {

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

		@Override
		public String toString() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

}

package dev.switchboard.source.email;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.switchboard.channel.ChannelService;
import dev.switchboard.media.Media;
import dev.switchboard.media.MediaService;
import dev.switchboard.message.Inbound;
import dev.switchboard.message.InboundMessages;
import dev.switchboard.message.MessageContent;
import dev.switchboard.source.email.EmailRecords.Position;
import dev.switchboard.source.email.EmailRecords.ThreadMail;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Turns a read mail into messages of its sender's conversation: its text first, then one
 * message per file (stored as media), all in the transaction that moves the mailbox's
 * position past the mail, so a restart neither repeats nor loses it.
 */
@Component
class EmailInbound {

	static final String SOURCE = "email";

	/** How many ids of a thread a reply names in References: the first and the latest. */
	private static final int MAX_REFERENCES = 20;

	private final InboundMessages inbound;

	private final MediaService media;

	private final EmailRecords records;

	private final ChannelService channels;

	private final TransactionTemplate transaction;

	EmailInbound(InboundMessages inbound, MediaService media, EmailRecords records, ChannelService channels,
			TransactionTemplate transaction) {
		this.inbound = inbound;
		this.media = media;
		this.records = records;
		this.channels = channels;
		this.transaction = transaction;
	}

	/**
	 * Stores a mail, unless the channel has had one with its Message-ID, and moves the
	 * position to it.
	 * @throws ChannelGone when the channel is no longer connected (nothing is kept)
	 */
	void receive(Mailbox mailbox, Position position, IncomingMail mail) {
		this.transaction.executeWithoutResult((status) -> {
			lockSender(mailbox, mail.from());
			this.records.advance(mailbox.channelId(), position);
			ThreadMail threadMail = new ThreadMail(mail.messageId(), mail.subject(),
					references(mail.references(), mail.messageId()));
			if (!this.records.claim(mailbox.channelId(), threadMail, mail.from(), false)) {
				return;
			}
			ObjectNode source = source(mail.messageId(), mail.from(), mail.subject());
			source.set("to", strings(mail.to()));
			source.set("cc", strings(mail.cc()));
			if (!mail.references().isEmpty()) {
				source.put("in_reply_to", mail.references().get(mail.references().size() - 1));
				source.put("thread", mail.references().get(0));
			}
			else {
				source.put("thread", mail.messageId());
			}
			List<Inbound.Message> messages = new ArrayList<>();
			List<UUID[]> links = new ArrayList<>();
			String text = text(mail, source);
			if (text != null) {
				messages
					.add(message(mailbox, mail, mail.messageId(), new MessageContent.Text(text), null, null, source));
			}
			ArrayNode skipped = source.arrayNode();
			for (IncomingMail.File file : mail.files()) {
				if (file.bytes().length > this.media.maxSize()) {
					skipped.add(skipped.objectNode()
						.put("name", file.filename())
						.put("reason", "larger than the media store takes (" + this.media.maxSize() + " bytes)"));
					continue;
				}
				Media stored = this.media.store(mailbox.workspaceId(), file.filename(), file.bytes());
				UUID messageId = UUID.randomUUID();
				String type = stored.contentType().startsWith("image/") ? "image" : "file";
				MessageContent content = MessageContent.Media.of(type,
						"/workspaces/" + mailbox.workspaceId() + "/messages/" + messageId + "/media/" + stored.id(),
						file.filename(), null, stored.id().toString(), stored.contentType());
				messages.add(message(mailbox, mail, mail.messageId() + "#" + (messages.size() + 1), content, messageId,
						null, source));
				links.add(new UUID[] { messageId, stored.id() });
			}
			if (!skipped.isEmpty()) {
				source.set("skipped_files", skipped);
			}
			if (messages.isEmpty()) {
				messages.add(message(mailbox, mail, mail.messageId(), new MessageContent.Unsupported(), null,
						JsonNodeFactory.instance.objectNode().put("reason", "the mail has no text and no files"),
						source));
			}
			if (!this.inbound.apply(messages)) {
				throw new ChannelGone();
			}
			links.forEach((link) -> this.media.attach(mailbox.workspaceId(), link[0], link[1], null));
		});
	}

	/**
	 * Records a mail that cannot be read (malformed, too large) as an {@code unsupported}
	 * message with the reason, and moves past it.
	 * @param messageId its Message-ID, or {@code null} for one made of its position
	 */
	void unsupported(Mailbox mailbox, Position position, String messageId, String from, String fromName, String subject,
			String reason) {
		String id = (messageId != null) ? messageId
				: "<uid-" + position.uidValidity() + "-" + position.lastUid() + "@" + mailbox.domain() + ">";
		this.transaction.executeWithoutResult((status) -> {
			lockSender(mailbox, from);
			this.records.advance(mailbox.channelId(), position);
			if (!this.records.claim(mailbox.channelId(), new ThreadMail(id, subject, id), from, false)) {
				return;
			}
			ObjectNode source = source(id, from, subject);
			source.put("thread", id);
			IncomingMail unreadable = new IncomingMail(id, List.of(), subject, from, fromName, List.of(), List.of(),
					null, "", List.of());
			if (!this.inbound.apply(List.of(message(mailbox, unreadable, id, new MessageContent.Unsupported(), null,
					JsonNodeFactory.instance.objectNode().put("reason", reason), source)))) {
				throw new ChannelGone();
			}
		});
	}

	/**
	 * Locks the sender's conversation before the transaction's first write (the mailbox's
	 * position), so that the mail's events come after those of every change of the
	 * conversation that commits before it (docs/realtime.md, "Ordering").
	 */
	private void lockSender(Mailbox mailbox, String from) {
		this.inbound.lockContacts(new Inbound.Account(SOURCE, mailbox.address()), Set.of(from));
	}

	/**
	 * Moves past a mail that cannot be attributed to anyone (no sender at all).
	 */
	void skip(Mailbox mailbox, Position position) {
		this.transaction.executeWithoutResult((status) -> this.records.advance(mailbox.channelId(), position));
	}

	/**
	 * The mailbox's server refused its login: the channel needs reconnecting by an admin.
	 */
	void needsReconnect(Mailbox mailbox) {
		this.channels.flagNeedsReconnect(mailbox.channelId());
	}

	/**
	 * The References of a reply to a mail: its thread and itself, the first and the
	 * latest ids when the thread is long.
	 */
	static String references(List<String> thread, String messageId) {
		List<String> ids = new ArrayList<>(thread);
		ids.remove(messageId);
		ids.add(messageId);
		if (ids.size() > MAX_REFERENCES) {
			List<String> kept = new ArrayList<>();
			kept.add(ids.get(0));
			kept.addAll(ids.subList(ids.size() - MAX_REFERENCES + 1, ids.size()));
			ids = kept;
		}
		return String.join(" ", ids);
	}

	private static String text(IncomingMail mail, ObjectNode source) {
		String text = mail.text();
		if (text == null || text.isBlank()) {
			return mail.files().isEmpty() ? mail.subject() : null;
		}
		if (text.codePointCount(0, text.length()) > MessageContent.MAX_TEXT) {
			source.put("truncated", true);
			return text.substring(0, text.offsetByCodePoints(0, MessageContent.MAX_TEXT - 1)) + "…";
		}
		return text;
	}

	private static Inbound.Message message(Mailbox mailbox, IncomingMail mail, String sourceMessageId,
			MessageContent content, UUID id, ObjectNode sourceContent, ObjectNode source) {
		ObjectNode metadata = JsonNodeFactory.instance.objectNode();
		metadata.set("source", source);
		return new Inbound.Message(new Inbound.Account(SOURCE, mailbox.address()),
				Inbound.Contact.named(mail.from(), mail.fromName()), Inbound.Sender.contact(mail.fromName()),
				sourceMessageId, content, sourceContent, mail.sentAt(), id, metadata);
	}

	private static ObjectNode source(String messageId, String from, String subject) {
		ObjectNode source = JsonNodeFactory.instance.objectNode();
		source.put("message_id", messageId);
		source.put("from", from);
		source.put("subject", subject);
		return source;
	}

	private static ArrayNode strings(List<String> values) {
		ArrayNode array = JsonNodeFactory.instance.arrayNode();
		values.forEach(array::add);
		return array;
	}

	/**
	 * The mailbox's channel is no longer connected: its watcher stops, keeping nothing.
	 */
	static final class ChannelGone extends RuntimeException {

		ChannelGone() {
			super("The channel is no longer connected");
		}

	}

}

package dev.switchboard.source.email;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What the email channel keeps beside messages: each mailbox's IMAP position, the mails
 * of its threads by Message-ID, and which media an email message carries.
 */
@Component
class EmailRecords {

	private final JdbcClient jdbc;

	private final Clock clock;

	EmailRecords(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	Optional<Position> position(UUID channelId) {
		return this.jdbc.sql("select uid_validity, last_uid from email_mailboxes where channel_id = :channel")
			.param("channel", channelId)
			.query((rs, row) -> new Position(rs.getLong("uid_validity"), rs.getLong("last_uid")))
			.optional();
	}

	/**
	 * Moves the mailbox's position forward (never back within one UIDVALIDITY).
	 */
	void advance(UUID channelId, Position position) {
		this.jdbc.sql("""
				insert into email_mailboxes (channel_id, uid_validity, last_uid, updated_at)
				values (:channel, :validity, :uid, :now)
				on conflict (channel_id) do update
				set uid_validity = excluded.uid_validity, last_uid = excluded.last_uid, updated_at = excluded.updated_at
				where email_mailboxes.uid_validity <> excluded.uid_validity
				    or email_mailboxes.last_uid < excluded.last_uid""")
			.param("channel", channelId)
			.param("validity", position.uidValidity())
			.param("uid", position.lastUid())
			.param("now", Timestamp.from(this.clock.instant()))
			.update();
	}

	/**
	 * Records a mail of the channel unless its Message-ID is known.
	 * @return whether it was new
	 */
	boolean claim(UUID channelId, ThreadMail mail, String contact, boolean outbound) {
		return this.jdbc.sql("""
				insert into email_messages (channel_id, message_id, contact, subject, refs, outbound, created_at)
				values (:channel, :messageId, :contact, :subject, :refs, :outbound, :now)
				on conflict (channel_id, message_id) do nothing""")
			.param("channel", channelId)
			.param("messageId", mail.messageId())
			.param("contact", contact)
			.param("subject", mail.subject())
			.param("refs", mail.references())
			.param("outbound", outbound)
			.param("now", Timestamp.from(this.clock.instant()))
			.update() == 1;
	}

	/**
	 * The latest mail with a contact, in or out: what a reply answers.
	 */
	Optional<ThreadMail> latest(UUID channelId, String contact) {
		return this.jdbc.sql("""
				select message_id, subject, refs from email_messages
				where channel_id = :channel and contact = :contact
				order by seq desc limit 1""")
			.param("channel", channelId)
			.param("contact", contact)
			.query((rs, row) -> new ThreadMail(rs.getString("message_id"), rs.getString("subject"),
					rs.getString("refs")))
			.optional();
	}

	/**
	 * Where a mailbox has got to.
	 *
	 * @param uidValidity the mailbox's UIDVALIDITY
	 * @param lastUid the UID of the last mail taken
	 */
	record Position(long uidValidity, long lastUid) {

	}

	/**
	 * A mail of a thread.
	 *
	 * @param messageId its Message-ID, angle brackets included
	 * @param subject its subject
	 * @param references the References a reply to it carries: the thread's ids, its own
	 * last
	 */
	record ThreadMail(String messageId, String subject, String references) {

	}

}

package dev.switchboard.source.email;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import dev.switchboard.channel.ChannelView;

/**
 * A connected mailbox: its channel, its address and its servers.
 *
 * @param channelId the channel
 * @param workspaceId the channel's workspace
 * @param address the mailbox's address (the channel's {@code source_channel_id})
 * @param name the channel's name, shown as the sender's name
 * @param imap where mail is read
 * @param smtp where mail is sent
 */
record Mailbox(UUID channelId, UUID workspaceId, String address, String name, MailServer imap, MailServer smtp) {

	static final String IMAP = "imap";

	static final String SMTP = "smtp";

	static final String START_UID_VALIDITY = "imap.start_uid_validity";

	static final String START_UID = "imap.start_uid";

	/**
	 * The mailbox of a channel, from its settings and its opened credentials.
	 */
	static Mailbox of(ChannelView channel, Map<String, String> credentials) {
		return new Mailbox(channel.id(), channel.workspaceId(), channel.sourceChannelId(), channel.metadata().name(),
				MailServer.read(IMAP, channel.settings(), credentials),
				MailServer.read(SMTP, channel.settings(), credentials));
	}

	/**
	 * What a channel stores in its settings (no passwords).
	 */
	static Map<String, String> settings(MailServer imap, MailServer smtp) {
		Map<String, String> settings = new HashMap<>();
		imap.writeSettings(IMAP, settings);
		smtp.writeSettings(SMTP, settings);
		return settings;
	}

	/**
	 * What a channel stores sealed.
	 */
	static Map<String, String> credentials(MailServer imap, MailServer smtp) {
		return Map.of(IMAP + ".password", imap.password(), SMTP + ".password", smtp.password());
	}

	/** The domain of the address, for our Message-IDs. */
	String domain() {
		return this.address.substring(this.address.lastIndexOf('@') + 1);
	}

}

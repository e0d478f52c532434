package dev.switchboard.source.email;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.angus.mail.imap.IMAPFolder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import dev.switchboard.channel.ChannelConnector;
import dev.switchboard.channel.ChannelRegistration;
import dev.switchboard.common.error.BadRequestException;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Connects a mailbox: logs in to its IMAP and its SMTP server first (a refusal is a
 * {@code 400} with the server's answer), notes where the inbox ends (mail from then on
 * becomes messages) and stores the passwords sealed.
 */
@Component
class EmailConnector implements ChannelConnector<EmailConnector.ConnectRequest> {

	private final MailServers servers;

	private final ApplicationEventPublisher publisher;

	EmailConnector(MailServers servers, ApplicationEventPublisher publisher) {
		this.servers = servers;
		this.publisher = publisher;
	}

	@Override
	public String source() {
		return EmailInbound.SOURCE;
	}

	@Override
	public Class<ConnectRequest> requestType() {
		return ConnectRequest.class;
	}

	/**
	 * An account's {@code config} is flat (seed 002 keeps strings, numbers and booleans):
	 * {@code address}, and {@code imap_host}, {@code imap_port}, {@code imap_username},
	 * {@code imap_password}, {@code imap_security} and the same five of {@code smtp_};
	 * they become the connect request's {@code imap} and {@code smtp} objects.
	 */
	@Override
	public JsonNode accountRequest(ObjectNode config, String displayName) {
		ObjectNode request = (ObjectNode) ChannelConnector.super.accountRequest(config, displayName);
		for (String server : List.of("imap", "smtp")) {
			if (request.has(server)) {
				continue;
			}
			ObjectNode fields = request.putObject(server);
			for (String field : List.of("host", "port", "username", "password", "security")) {
				JsonNode value = request.remove(server + "_" + field);
				if (value != null) {
					fields.set(field, value);
				}
			}
		}
		return request;
	}

	@Override
	public ChannelRegistration register(ConnectRequest request) {
		String address = request.address().trim().toLowerCase(Locale.ROOT);
		Map<String, String> settings = Mailbox.settings(request.imap(), request.smtp());
		long[] position = imapPosition(request.imap());
		settings.put(Mailbox.START_UID_VALIDITY, String.valueOf(position[0]));
		settings.put(Mailbox.START_UID, String.valueOf(position[1]));
		checkSmtp(request.smtp());
		this.publisher.publishEvent(new MailboxWatchers.MailboxConnected(address));
		return new ChannelRegistration(address, request.name().trim(), request.imageUrl(),
				Mailbox.credentials(request.imap(), request.smtp()), settings);
	}

	private long[] imapPosition(MailServer imap) {
		Store store = null;
		try {
			store = this.servers.imap(imap);
			IMAPFolder inbox = (IMAPFolder) store.getFolder("INBOX");
			inbox.open(Folder.READ_ONLY);
			long[] position = { inbox.getUIDValidity(), MailboxWatcher.lastUid(inbox) };
			inbox.close(false);
			return position;
		}
		catch (AuthenticationFailedException ex) {
			throw new BadRequestException("The IMAP server refused the login: " + answer(ex));
		}
		catch (MessagingException ex) {
			throw new BadRequestException("The IMAP server could not be used: " + answer(ex));
		}
		finally {
			close(store);
		}
	}

	private void checkSmtp(MailServer smtp) {
		Transport transport = null;
		try {
			transport = this.servers.smtp(this.servers.smtpSession(smtp), smtp);
		}
		catch (AuthenticationFailedException ex) {
			throw new BadRequestException("The SMTP server refused the login: " + answer(ex));
		}
		catch (MessagingException ex) {
			throw new BadRequestException("The SMTP server could not be used: " + answer(ex));
		}
		finally {
			if (transport != null) {
				try {
					transport.close();
				}
				catch (MessagingException ex) {
					// the login worked, which is what was asked
				}
			}
		}
	}

	/** The server's answer, or what went wrong on the way to it. */
	static String answer(MessagingException ex) {
		String message = (ex.getMessage() != null) ? ex.getMessage().strip() : "no answer";
		Throwable cause = ex.getCause();
		if (cause != null && cause.getMessage() != null && !message.contains(cause.getMessage())) {
			message = message + " (" + cause.getMessage() + ")";
		}
		return message;
	}

	private static void close(Store store) {
		if (store != null) {
			try {
				store.close();
			}
			catch (MessagingException ex) {
				// nothing to keep open
			}
		}
	}

	/**
	 * {@code channels.email.connect}: the mailbox's address and name, and its servers.
	 */
	record ConnectRequest(@NotBlank @Email @Size(max = 320) String address, @NotBlank @Size(max = 200) String name,
			@Size(max = 2048) @Pattern(regexp = "https?://\\S+", message = "must be an http(s) URL") String imageUrl,
			@NotNull @Valid MailServer imap, @NotNull @Valid MailServer smtp) {

	}

}

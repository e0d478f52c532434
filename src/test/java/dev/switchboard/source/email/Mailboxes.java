package dev.switchboard.source.email;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import static dev.switchboard.Api.body;

/**
 * A real IMAP and SMTP server (GreenMail) on fixed local ports, so that it can be
 * restarted where a watcher expects it, holding the support mailbox a channel connects
 * and the mailboxes of the people who write to it.
 */
final class Mailboxes implements AutoCloseable {

	static final String SUPPORT = "support@acme.test";

	static final String PASSWORD = "s3cret-pass";

	final int imapPort;

	final int smtpPort;

	private GreenMail server;

	Mailboxes() {
		this.imapPort = freePort();
		this.smtpPort = freePort();
		start(PASSWORD);
	}

	/**
	 * Starts the server afresh (no mail) with the support mailbox's password.
	 */
	void start(String password) {
		this.server = new GreenMail(
				new ServerSetup[] { new ServerSetup(this.imapPort, "127.0.0.1", ServerSetup.PROTOCOL_IMAP),
						new ServerSetup(this.smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP) });
		this.server.start();
		this.server.setUser(SUPPORT, SUPPORT, password);
	}

	void restart(String password) {
		this.server.stop();
		start(password);
	}

	void purge() throws Exception {
		this.server.purgeEmailFromAllMailboxes();
	}

	/**
	 * Puts a mail, as written, into the support mailbox.
	 */
	void deliver(String raw) {
		try {
			MimeMessage message = new MimeMessage(Session.getInstance(new Properties()),
					new ByteArrayInputStream(raw.replace("\n", "\r\n").getBytes(StandardCharsets.ISO_8859_1)));
			this.server.getUserManager().getUser(SUPPORT).deliver(message);
		}
		catch (MessagingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Mail the server received for an address other than the support mailbox. */
	List<MimeMessage> receivedBy(String address) {
		return Arrays.stream(this.server.getReceivedMessages()).filter((message) -> {
			try {
				return Arrays.stream(message.getAllRecipients()).anyMatch((to) -> to.toString().contains(address));
			}
			catch (MessagingException ex) {
				return false;
			}
		}).toList();
	}

	/**
	 * The body of {@code channels.email.connect} for the support mailbox with a password
	 * for both servers, its SMTP server on the given port.
	 */
	Map<String, Object> connectRequest(String password, int smtpPort) {
		return body("address", SUPPORT, "name", "Acme Support", "imap", server(this.imapPort, password), "smtp",
				server(smtpPort, password));
	}

	Map<String, Object> connectRequest() {
		return connectRequest(PASSWORD, this.smtpPort);
	}

	static Map<String, Object> server(int port, String password) {
		return body("host", "127.0.0.1", "port", port, "username", SUPPORT, "password", password, "security", "none");
	}

	@Override
	public void close() {
		this.server.stop();
	}

	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A plain text mail from Ada to the support mailbox.
	 */
	static String mail(String messageId, String subject, String text) {
		return """
				Message-ID: %s
				From: Ada Lovelace <ada@example.com>
				To: Acme Support <support@acme.test>
				Cc: grace@example.com
				Subject: %s
				Date: Mon, 2 Mar 2026 10:00:00 +0000
				MIME-Version: 1.0
				Content-Type: text/plain; charset=UTF-8

				%s
				""".formatted(messageId, subject, text);
	}

}

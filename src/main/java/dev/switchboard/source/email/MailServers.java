package dev.switchboard.source.email;

import java.util.Properties;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;

import org.springframework.stereotype.Component;

/**
 * Connections to a mailbox's servers, with the configured timeouts and the security the
 * mailbox asks for; the only place that knows Jakarta Mail's property names.
 */
@Component
class MailServers {

	private static final Executor EVENTS = Executors.newVirtualThreadPerTaskExecutor();

	private final EmailProperties properties;

	MailServers(EmailProperties properties) {
		this.properties = properties;
	}

	/**
	 * A connected IMAP store. Its read timeout outlasts an IDLE, which is renewed first.
	 * @throws jakarta.mail.AuthenticationFailedException when the server refuses the
	 * login
	 */
	Store imap(MailServer server) throws MessagingException {
		String protocol = server.tls() ? "imaps" : "imap";
		Properties props = common(protocol, server);
		props.put("mail." + protocol + ".timeout",
				String.valueOf(this.properties.timeout().plus(this.properties.idleRenewal()).toMillis()));
		props.put("mail." + protocol + ".fetchsize", String.valueOf(1024 * 1024));
		Store store = Session.getInstance(props).getStore(protocol);
		store.connect(server.host(), server.port(), server.username(), server.password());
		return store;
	}

	/**
	 * The session mail to send is written in.
	 */
	Session smtpSession(MailServer server) {
		String protocol = smtpProtocol(server);
		Properties props = common(protocol, server);
		props.put("mail." + protocol + ".timeout", String.valueOf(this.properties.timeout().toMillis()));
		props.put("mail." + protocol + ".auth", "true");
		return Session.getInstance(props);
	}

	/**
	 * A connected, logged-in SMTP transport of the session.
	 * @throws jakarta.mail.AuthenticationFailedException when the server refuses the
	 * login
	 */
	Transport smtp(Session session, MailServer server) throws MessagingException {
		Transport transport = session.getTransport(smtpProtocol(server));
		transport.connect(server.host(), server.port(), server.username(), server.password());
		return transport;
	}

	private static String smtpProtocol(MailServer server) {
		return server.tls() ? "smtps" : "smtp";
	}

	private Properties common(String protocol, MailServer server) {
		Properties props = new Properties();
		// Jakarta Mail hands folder events to a thread of each session: a virtual one,
		// so that many mailboxes do not mean as many platform threads
		props.put("mail.event.executor", EVENTS);
		String prefix = "mail." + protocol + ".";
		props.put(prefix + "connectiontimeout", String.valueOf(this.properties.connectTimeout().toMillis()));
		if (server.tls()) {
			props.put(prefix + "ssl.checkserveridentity", "true");
		}
		if (server.starttls()) {
			props.put(prefix + "starttls.enable", "true");
			props.put(prefix + "starttls.required", "true");
			props.put(prefix + "ssl.checkserveridentity", "true");
		}
		// lenient with what arrives: a header a little off the standard still parses
		props.put("mail.mime.address.strict", "false");
		props.put("mail.mime.decodetext.strict", "false");
		return props;
	}

}

package dev.switchboard.source.email;

import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.activation.DataHandler;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.JsonNodeFactory;

import dev.switchboard.channel.ChannelService;
import dev.switchboard.channel.ChannelView;
import dev.switchboard.media.Media;
import dev.switchboard.media.MediaService;
import dev.switchboard.message.MessageContent;
import dev.switchboard.message.MessageSender;
import dev.switchboard.message.OutboundMessage;
import dev.switchboard.message.SendResult;
import dev.switchboard.source.email.EmailRecords.ThreadMail;

import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Sends mail from the channel's address over its SMTP server: a reply to the latest mail
 * with the contact carries {@code In-Reply-To}, {@code References} and
 * {@code Re: <subject>}; attachments come from the media store. A {@code 4xx} answer or a
 * timeout is retried, a {@code 5xx} one fails the message with the server's answer.
 */
@Component
class EmailSender implements MessageSender {

	private static final Logger log = LoggerFactory.getLogger(EmailSender.class);

	private static final Pattern MEDIA_ID = Pattern.compile("/media/([0-9a-fA-F-]{36})(?:[/?#].*)?$");

	private static final Pattern REPLY = Pattern.compile("^\\s*re\\s*:", Pattern.CASE_INSENSITIVE);

	private final ChannelService channels;

	private final MailServers servers;

	private final EmailRecords records;

	private final MediaService media;

	EmailSender(ChannelService channels, MailServers servers, EmailRecords records, MediaService media) {
		this.channels = channels;
		this.servers = servers;
		this.records = records;
		this.media = media;
	}

	@Override
	public String source() {
		return EmailInbound.SOURCE;
	}

	@Override
	public boolean canStartConversations() {
		return true;
	}

	@Override
	public Optional<String> refuse(MessageContent content) {
		return switch (content) {
			case MessageContent.Text text -> Optional.empty();
			case MessageContent.Media attachment -> Optional.empty();
			case MessageContent.Location location -> refusal();
			case MessageContent.Postback postback -> refusal();
			case MessageContent.Template template -> refusal();
			case MessageContent.Unsupported unsupported -> refusal();
			case MessageContent.SourcePayload payload -> refusal();
		};
	}

	private static Optional<String> refusal() {
		return Optional.of("email carries text and attachments");
	}

	@Override
	public SendResult send(OutboundMessage message) {
		ChannelView channel = this.channels.get(message.channelId());
		Map<String, String> credentials = this.channels.credentials(message.channelId());
		if (credentials.isEmpty()) {
			return new SendResult.Failed("The channel is disconnected.", null);
		}
		Mailbox mailbox = Mailbox.of(channel, credentials);
		InternetAddress recipient;
		try {
			recipient = new InternetAddress(message.recipientId(), true);
		}
		catch (AddressException ex) {
			return new SendResult.Failed("'" + message.recipientId() + "' is not an email address.", null);
		}
		Optional<ThreadMail> previous = this.records.latest(mailbox.channelId(),
				message.recipientId().toLowerCase(Locale.ROOT));
		String messageId = "<" + message.messageId() + "@" + mailbox.domain() + ">";
		String subject = previous.map(ThreadMail::subject).map(EmailSender::reply).orElse(mailbox.name());
		Session session = this.servers.smtpSession(mailbox.smtp());
		MimeMessage mail = new OurMessage(session, messageId);
		try {
			mail.setFrom(new InternetAddress(mailbox.address(), mailbox.name(), StandardCharsets.UTF_8.name()));
			mail.setRecipient(Message.RecipientType.TO, recipient);
			mail.setSubject(subject, StandardCharsets.UTF_8.name());
			if (previous.isPresent()) {
				mail.setHeader("In-Reply-To", previous.get().messageId());
				mail.setHeader("References", previous.get().references());
			}
			Optional<String> problem = body(mail, mailbox, message.content());
			if (problem.isPresent()) {
				return new SendResult.Failed(problem.get(), null);
			}
			mail.saveChanges();
		}
		catch (MessagingException | UnsupportedEncodingException ex) {
			return new SendResult.Failed("The mail could not be written: " + ex.getMessage(), null);
		}
		try (Transport transport = this.servers.smtp(session, mailbox.smtp())) {
			transport.sendMessage(mail, mail.getAllRecipients());
		}
		catch (AuthenticationFailedException ex) {
			this.channels.flagNeedsReconnect(mailbox.channelId());
			return new SendResult.Failed("The SMTP server refused the login: " + EmailConnector.answer(ex), null);
		}
		catch (MessagingException ex) {
			return failure(ex);
		}
		String references = EmailInbound.references(
				previous.map((mailOfThread) -> List.of(mailOfThread.references().split(" "))).orElse(List.of()),
				messageId);
		try {
			this.records.claim(mailbox.channelId(), new ThreadMail(messageId, subject, references),
					message.recipientId().toLowerCase(Locale.ROOT), true);
		}
		catch (DataAccessException ex) {
			// the mail is out, and sending it again would not help: the next reply
			// answers the mail before it
			log.warn("Could not record the thread of the mail {} sent for message {}", messageId, message.messageId(),
					ex);
		}
		return new SendResult.Delivered(messageId);
	}

	/**
	 * Writes the content into the mail.
	 * @return why it cannot be sent, or nothing
	 */
	private Optional<String> body(MimeMessage mail, Mailbox mailbox, MessageContent content) throws MessagingException {
		switch (content) {
			case MessageContent.Text text -> mail.setText(text.text(), StandardCharsets.UTF_8.name());
			case MessageContent.Media attachment -> {
				Optional<Media> stored = mediaOf(mailbox.workspaceId(), attachment.url());
				Optional<byte[]> bytes = stored
					.flatMap((found) -> this.media.content(mailbox.workspaceId(), found.id()));
				if (bytes.isEmpty()) {
					return Optional.of("An email attachment must be a file of this workspace's media store "
							+ "(a URL ending in /media/{id}); " + attachment.url() + " is none.");
				}
				MimeMultipart multipart = new MimeMultipart();
				MimeBodyPart text = new MimeBodyPart();
				text.setText((attachment.text() != null) ? attachment.text() : "", StandardCharsets.UTF_8.name());
				multipart.addBodyPart(text);
				MimeBodyPart file = new MimeBodyPart();
				file.setDataHandler(new DataHandler(new ByteArrayDataSource(bytes.get(), stored.get().contentType())));
				String filename = (attachment.name() != null) ? attachment.name()
						: (stored.get().filename() != null) ? stored.get().filename() : "attachment";
				file.setFileName(filename);
				file.setDisposition(MimeBodyPart.ATTACHMENT);
				multipart.addBodyPart(file);
				mail.setContent(multipart);
			}
			default -> {
				return Optional.of("email cannot carry " + content.type() + " content");
			}
		}
		return Optional.empty();
	}

	private Optional<Media> mediaOf(UUID workspaceId, String url) {
		if (url == null) {
			return Optional.empty();
		}
		Matcher matcher = MEDIA_ID.matcher(url);
		if (!matcher.find()) {
			return Optional.empty();
		}
		try {
			return this.media.find(workspaceId, UUID.fromString(matcher.group(1)));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

	/**
	 * A refused send: a {@code 5xx} answer is final, anything else (a {@code 4xx}, a
	 * timeout, a connection lost) is worth another attempt.
	 */
	static SendResult failure(MessagingException ex) {
		for (Exception current = ex; current != null; current = next(current)) {
			int code = switch (current) {
				case SMTPSendFailedException failed -> failed.getReturnCode();
				case SMTPAddressFailedException failed -> failed.getReturnCode();
				case SMTPSenderFailedException failed -> failed.getReturnCode();
				default -> -1;
			};
			if (code >= 500) {
				String answer = current.getMessage().strip();
				return new SendResult.Failed("The SMTP server refused the mail: " + answer,
						JsonNodeFactory.instance.objectNode().put("code", code).put("answer", answer));
			}
			if (code >= 400) {
				return new SendResult.Retry("The SMTP server answered: " + current.getMessage().strip(), null);
			}
		}
		Throwable cause = ex.getCause();
		String reason = (cause instanceof SocketTimeoutException) ? "The SMTP server did not answer in time"
				: (cause instanceof IOException) ? "The SMTP server could not be reached: " + cause.getMessage()
						: "Sending failed: " + EmailConnector.answer(ex);
		return new SendResult.Retry(reason, null);
	}

	private static Exception next(Exception current) {
		if (current instanceof MessagingException messaging && messaging.getNextException() != current) {
			return messaging.getNextException();
		}
		return null;
	}

	/** {@code Re: <subject>}, without piling up {@code Re:}s. */
	static String reply(String subject) {
		if (subject == null || subject.isBlank()) {
			return "Re:";
		}
		return REPLY.matcher(subject).find() ? subject : "Re: " + subject;
	}

	/**
	 * A mail whose Message-ID is ours ({@code <message id@domain>}), the same on every
	 * attempt, so a receiver can tell a repeated send.
	 */
	private static final class OurMessage extends MimeMessage {

		private final String messageId;

		OurMessage(Session session, String messageId) {
			super(session);
			this.messageId = messageId;
		}

		@Override
		protected void updateMessageID() throws MessagingException {
			setHeader("Message-ID", this.messageId);
		}

	}

}

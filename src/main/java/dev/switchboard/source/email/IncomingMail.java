package dev.switchboard.source.email;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;

/**
 * A mail as read from its bytes: who wrote it to whom, its thread, its text and its
 * files.
 *
 * @param messageId its Message-ID, or a hash of the mail when it has none
 * @param references the ids of the thread it answers ({@code References}, then
 * {@code In-Reply-To}), oldest first
 * @param subject its subject, or {@code null}
 * @param from the sender's address, lower case
 * @param fromName the sender's name, or {@code null}
 * @param to the {@code To} addresses as written
 * @param cc the {@code Cc} addresses as written
 * @param sentAt its {@code Date}, or {@code null}
 * @param text its text (the plain part, else the HTML one reduced), without the quote
 * @param files its attachments and inline images
 */
record IncomingMail(String messageId, List<String> references, String subject, String from, String fromName,
		List<String> to, List<String> cc, Instant sentAt, String text, List<File> files) {

	private static final Pattern MESSAGE_ID = Pattern.compile("<[^<>\\s]+>");

	private static final Session SESSION = Session.getInstance(lenient());

	/**
	 * Reads a mail.
	 * @throws MessagingException when the mail is malformed beyond reading
	 * @throws IOException when a part cannot be decoded
	 */
	static IncomingMail parse(byte[] raw) throws MessagingException, IOException {
		MimeMessage message = new MimeMessage(SESSION, new ByteArrayInputStream(raw));
		InternetAddress sender = sender(message);
		if (sender == null) {
			throw new MessagingException("the mail names no sender address (From)");
		}
		Body body = new Body();
		body.read(message);
		String text = (body.plain != null) ? MailText.withoutQuote(body.plain)
				: (body.html != null) ? MailText.fromHtml(body.html) : "";
		Set<String> references = new LinkedHashSet<>(ids(message.getHeader("References", " ")));
		references.addAll(ids(message.getHeader("In-Reply-To", " ")));
		String messageId = ids(message.getHeader("Message-ID", null)).stream()
			.findFirst()
			.orElseGet(() -> hashId(message));
		return new IncomingMail(messageId, List.copyOf(references), clean(message.getSubject()),
				sender.getAddress().toLowerCase(Locale.ROOT), clean(sender.getPersonal()),
				addresses(message, Message.RecipientType.TO), addresses(message, Message.RecipientType.CC),
				(message.getSentDate() != null) ? message.getSentDate().toInstant() : null, text, body.files);
	}

	/**
	 * The Message-ID of a mail from its headers alone (a mail too large to read), or
	 * {@code null}.
	 */
	static String messageId(String[] header) {
		return (header != null && header.length > 0) ? ids(header[0]).stream().findFirst().orElse(null) : null;
	}

	/**
	 * The ids in a header: {@code <a@b> <c@d>}; none when there is no header.
	 */
	static List<String> ids(String header) {
		List<String> ids = new ArrayList<>();
		if (header != null) {
			Matcher matcher = MESSAGE_ID.matcher(header);
			while (matcher.find()) {
				ids.add(matcher.group());
			}
		}
		return ids;
	}

	/**
	 * A stable id for a mail without a Message-ID: the same mail read twice gets the same
	 * one, whatever a server added on the way (Received, Return-Path).
	 */
	private static String hashId(MimeMessage message) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			for (String name : List.of("From", "To", "Cc", "Date", "Subject")) {
				digest.update((name + ":" + message.getHeader(name, ",") + "\n").getBytes(StandardCharsets.UTF_8));
			}
			try (InputStream content = message.getRawInputStream()) {
				digest.update(content.readAllBytes());
			}
			return "<" + HexFormat.of().formatHex(digest.digest(), 0, 20) + "@hash.switchboard.invalid>";
		}
		catch (NoSuchAlgorithmException | MessagingException | IOException ex) {
			throw new IllegalStateException("Could not hash a mail", ex);
		}
	}

	private static InternetAddress sender(MimeMessage message) throws MessagingException {
		Address[] from = message.getFrom();
		if (from == null) {
			return null;
		}
		return Arrays.stream(from)
			.filter(InternetAddress.class::isInstance)
			.map(InternetAddress.class::cast)
			.filter((address) -> address.getAddress() != null && address.getAddress().contains("@"))
			.findFirst()
			.orElse(null);
	}

	private static List<String> addresses(MimeMessage message, Message.RecipientType type) {
		try {
			Address[] addresses = message.getRecipients(type);
			if (addresses == null) {
				return List.of();
			}
			return Arrays.stream(addresses)
				.map((address) -> (address instanceof InternetAddress internet) ? internet.toUnicodeString()
						: address.toString())
				.map(IncomingMail::clean)
				.toList();
		}
		catch (MessagingException ex) {
			// a malformed address list is not worth losing the mail over
			return List.of();
		}
	}

	/** Text without NUL characters, which PostgreSQL cannot store; blank as null. */
	static String clean(String text) {
		if (text == null) {
			return null;
		}
		String cleaned = text.replace("\u0000", "").strip();
		return cleaned.isEmpty() ? null : cleaned;
	}

	private static Properties lenient() {
		Properties props = new Properties();
		props.put("mail.mime.address.strict", "false");
		props.put("mail.mime.decodetext.strict", "false");
		props.put("mail.mime.base64.ignoreerrors", "true");
		return props;
	}

	/**
	 * A file a mail carries: an attachment, or an image shown in the body.
	 *
	 * @param filename its name, if any
	 * @param bytes its content
	 */
	record File(String filename, byte[] bytes) {

	}

	/**
	 * The parts of a body, found depth first: the first plain and HTML texts, every other
	 * part as a file.
	 */
	private static final class Body {

		String plain;

		String html;

		final List<File> files = new ArrayList<>();

		void read(Part part) throws MessagingException, IOException {
			String disposition = part.getDisposition();
			String filename = filename(part);
			boolean attached = Part.ATTACHMENT.equalsIgnoreCase(disposition) || filename != null;
			if (part.isMimeType("multipart/*")) {
				// the plain alternative is shown, the HTML one where there is none
				Multipart parts = (Multipart) part.getContent();
				for (int i = 0; i < parts.getCount(); i++) {
					read(parts.getBodyPart(i));
				}
			}
			else if (!attached && part.isMimeType("text/plain")) {
				// some clients split the text around inline images into several parts
				this.plain = join(this.plain, text(part));
			}
			else if (!attached && part.isMimeType("text/html")) {
				this.html = join(this.html, text(part));
			}
			else {
				try (InputStream content = part.getInputStream()) {
					this.files.add(new File(clean(filename), content.readAllBytes()));
				}
			}
		}

		private static String join(String before, String text) {
			return (before == null) ? text : before + "\n\n" + text;
		}

		private static String filename(Part part) throws MessagingException {
			String name = part.getFileName();
			if (name == null) {
				return null;
			}
			try {
				return MimeUtility.decodeText(name);
			}
			catch (UnsupportedEncodingException ex) {
				return name;
			}
		}

		/**
		 * A text part in its charset; a charset Java does not know is read as UTF-8, what
		 * cannot be decoded replaced.
		 */
		private static String text(Part part) throws MessagingException, IOException {
			try {
				Object content = part.getContent();
				if (content instanceof String text) {
					return text;
				}
			}
			catch (UnsupportedEncodingException ex) {
				// an unknown charset: fall through to the bytes
			}
			try (InputStream content = part.getInputStream()) {
				String charset = new ContentType(part.getContentType()).getParameter("charset");
				byte[] bytes = content.readAllBytes();
				try {
					return new String(bytes, (charset != null) ? MimeUtility.javaCharset(charset) : "UTF-8");
				}
				catch (UnsupportedEncodingException ex) {
					return new String(bytes, StandardCharsets.UTF_8);
				}
			}
		}

	}

}

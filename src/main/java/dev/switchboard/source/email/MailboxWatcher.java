package dev.switchboard.source.email;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.FetchProfile;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.event.MessageCountAdapter;
import jakarta.mail.event.MessageCountEvent;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.source.email.EmailRecords.Position;

/**
 * Watches one mailbox on a virtual thread of its own: connects, takes every mail after
 * the stored position, then waits for more with IMAP IDLE (renewed now and then) or
 * sleeps a poll interval; reconnects with a doubling backoff, and stops for good when the
 * server refuses the login, flagging the channel.
 */
final class MailboxWatcher {

	private static final Logger log = LoggerFactory.getLogger(MailboxWatcher.class);

	/**
	 * How often a mail that cannot be stored is tried before it is stored as unsupported.
	 */
	private static final int ATTEMPTS_PER_MAIL = 3;

	/** How many mails are fetched at once (a mailbox read again may hold thousands). */
	private static final int BATCH = 200;

	private final Mailbox mailbox;

	private final Position start;

	private final Collaborators with;

	private final Runnable onEnd;

	private final Object signal = new Object();

	private volatile boolean running;

	private volatile Store store;

	private volatile boolean connected;

	private long failingUid = -1;

	private int failures;

	/**
	 * @param start the position when the channel was connected, or {@code null} for the
	 * mailbox's end when first watched
	 * @param onEnd called when the watcher stops by itself
	 */
	MailboxWatcher(Mailbox mailbox, Position start, Collaborators with, Runnable onEnd) {
		this.mailbox = mailbox;
		this.start = start;
		this.with = with;
		this.onEnd = onEnd;
	}

	Mailbox mailbox() {
		return this.mailbox;
	}

	void start() {
		this.running = true;
		Thread.ofVirtual().name("mailbox-" + this.mailbox.channelId()).start(this::run);
	}

	/**
	 * Stops watching: a sleep or an IDLE ends at once, the connection is closed.
	 */
	void stop() {
		this.running = false;
		synchronized (this.signal) {
			this.signal.notifyAll();
		}
		Store current = this.store;
		if (current != null) {
			Thread.ofVirtual().start(() -> close(current));
		}
	}

	private void run() {
		Duration backoff = this.with.properties().initialBackoff();
		while (this.running) {
			try {
				watch();
			}
			catch (AuthenticationFailedException ex) {
				if (this.running) {
					log.warn("The IMAP server of {} refused its login ({}); the channel needs reconnecting",
							this.mailbox.address(), ex.getMessage());
					this.with.inbound().needsReconnect(this.mailbox);
					this.running = false;
					this.onEnd.run();
				}
				return;
			}
			catch (EmailInbound.ChannelGone ex) {
				// disconnected meanwhile; watched again if it is connected again
				this.running = false;
				this.onEnd.run();
				return;
			}
			catch (MessagingException | RuntimeException ex) {
				if (!this.running) {
					return;
				}
				if (this.connected) {
					// it was watching: the trouble is new
					backoff = this.with.properties().initialBackoff();
					this.connected = false;
				}
				log.warn("Watching {} failed ({}); trying again in {}", this.mailbox.address(), describe(ex), backoff);
				pause(backoff);
				backoff = min(backoff.multipliedBy(2), this.with.properties().maxBackoff());
			}
		}
	}

	private void watch() throws MessagingException {
		Store connectedStore = this.with.servers().imap(this.mailbox.imap());
		this.store = connectedStore;
		try {
			if (!this.running) {
				return;
			}
			IMAPFolder inbox = (IMAPFolder) connectedStore.getFolder("INBOX");
			inbox.open(Folder.READ_ONLY);
			this.connected = true;
			boolean idle = this.with.properties().idle() && ((IMAPStore) connectedStore).hasCapability("IDLE");
			// a mail announced while the last ones were read, or as an IDLE began, must
			// not wait for the next one: it ends the IDLE (or skips it)
			AtomicBoolean arrived = new AtomicBoolean();
			inbox.addMessageCountListener(new MessageCountAdapter() {

				@Override
				public void messagesAdded(MessageCountEvent event) {
					arrived.set(true);
					if (idle) {
						renew(inbox);
					}
				}

			});
			while (this.running) {
				arrived.set(false);
				if (readNew(inbox) || arrived.get() || !this.running) {
					continue;
				}
				if (idle) {
					ScheduledFuture<?> renewal = this.with.renewals()
						.schedule(() -> renew(inbox), this.with.properties().idleRenewal().toMillis(),
								TimeUnit.MILLISECONDS);
					try {
						inbox.idle(true);
					}
					finally {
						renewal.cancel(false);
					}
				}
				else {
					pause(this.with.properties().pollInterval());
				}
			}
		}
		finally {
			this.store = null;
			close(connectedStore);
		}
	}

	/**
	 * Takes the mail after the stored position, a batch at a time.
	 * @return whether there is more to take at once
	 */
	private boolean readNew(IMAPFolder inbox) throws MessagingException {
		long validity = inbox.getUIDValidity();
		Position position = this.with.records().position(this.mailbox.channelId()).orElse(null);
		if (position == null) {
			position = (this.start != null && this.start.uidValidity() == validity) ? this.start
					: new Position(validity, lastUid(inbox));
			this.with.records().advance(this.mailbox.channelId(), position);
		}
		else if (position.uidValidity() != validity) {
			// the server renumbered the mailbox: read it all again, Message-IDs keep
			// what was stored from being stored twice
			log.warn("The mailbox {} changed its UIDVALIDITY; reading it again", this.mailbox.address());
			position = new Position(validity, 0);
		}
		Message[] all = inbox.getMessagesByUID(position.lastUid() + 1, UIDFolder.MAXUID);
		Message[] messages = (all.length > BATCH) ? Arrays.copyOf(all, BATCH) : all;
		FetchProfile profile = new FetchProfile();
		profile.add(UIDFolder.FetchProfileItem.UID);
		profile.add(FetchProfile.Item.ENVELOPE);
		profile.add(FetchProfile.Item.SIZE);
		inbox.fetch(messages, profile);
		for (Message message : messages) {
			long uid = inbox.getUID(message);
			if (uid <= position.lastUid() || !this.running) {
				continue;
			}
			take(message, new Position(validity, uid));
		}
		return all.length > BATCH;
	}

	private void take(Message message, Position position) throws MessagingException {
		try {
			this.with.permits().acquire();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new MessagingException("Interrupted while waiting to read a mail");
		}
		try {
			read(message, position);
			this.failures = 0;
		}
		catch (EmailInbound.ChannelGone ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			if (this.failingUid != position.lastUid()) {
				this.failingUid = position.lastUid();
				this.failures = 0;
			}
			if (++this.failures < ATTEMPTS_PER_MAIL) {
				throw ex;
			}
			log.warn("A mail of {} (UID {}) could not be stored {} times; storing it as unsupported",
					this.mailbox.address(), position.lastUid(), ATTEMPTS_PER_MAIL, ex);
			unsupported(message, position, "The mail could not be stored.");
		}
		finally {
			this.with.permits().release();
		}
	}

	private void read(Message message, Position position) throws MessagingException {
		long max = this.with.properties().maxSize().toBytes();
		int size = message.getSize();
		if (size > max) {
			unsupported(message, position, "The mail is larger than " + max + " bytes (" + size + ").");
			return;
		}
		byte[] raw;
		try {
			Limited out = new Limited(max);
			message.writeTo(out);
			raw = out.toByteArray();
		}
		catch (UncheckedTooLarge ex) {
			unsupported(message, position, "The mail is larger than " + max + " bytes.");
			return;
		}
		catch (IOException ex) {
			throw new MessagingException("Could not read a mail of " + this.mailbox.address(), ex);
		}
		IncomingMail mail;
		try {
			mail = IncomingMail.parse(raw);
		}
		catch (MessagingException | IOException | RuntimeException ex) {
			unsupported(message, position, "The mail could not be read: " + describe(ex));
			return;
		}
		this.with.inbound().receive(this.mailbox, position, mail);
	}

	/**
	 * Records an unreadable mail by what its envelope says; one without any sender is
	 * passed over.
	 */
	private void unsupported(Message message, Position position, String reason) {
		InternetAddress from = envelopeFrom(message);
		if (from == null) {
			log.warn("A mail of {} (UID {}) names no sender; passed over: {}", this.mailbox.address(),
					position.lastUid(), reason);
			this.with.inbound().skip(this.mailbox, position);
			return;
		}
		String messageId = null;
		String subject = null;
		try {
			messageId = IncomingMail.messageId(((MimeMessage) message).getHeader("Message-ID"));
			subject = IncomingMail.clean(message.getSubject());
		}
		catch (MessagingException | RuntimeException ex) {
			// the envelope is all there is
		}
		this.with.inbound()
			.unsupported(this.mailbox, position, messageId, from.getAddress().toLowerCase(Locale.ROOT),
					IncomingMail.clean(from.getPersonal()), subject, reason);
	}

	private static InternetAddress envelopeFrom(Message message) {
		try {
			Address[] from = message.getFrom();
			if (from != null && from.length > 0 && from[0] instanceof InternetAddress address
					&& address.getAddress() != null && address.getAddress().contains("@")) {
				return address;
			}
		}
		catch (MessagingException | RuntimeException ex) {
			// no usable envelope
		}
		return null;
	}

	/**
	 * The UID of the mailbox's last mail: where watching starts for a new mailbox.
	 */
	static long lastUid(IMAPFolder inbox) throws MessagingException {
		long next = inbox.getUIDNext();
		if (next > 0) {
			return next - 1;
		}
		int count = inbox.getMessageCount();
		return (count == 0) ? 0 : inbox.getUID(inbox.getMessage(count));
	}

	/** Ends an IDLE (any command does), so that it starts again. */
	private static void renew(IMAPFolder inbox) {
		try {
			inbox.doCommand((protocol) -> {
				protocol.simpleCommand("NOOP", null);
				return null;
			});
		}
		catch (MessagingException | RuntimeException ex) {
			// the watcher sees the broken connection itself
		}
	}

	private void pause(Duration duration) {
		synchronized (this.signal) {
			if (this.running) {
				try {
					this.signal.wait(Math.max(1, duration.toMillis()));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					this.running = false;
				}
			}
		}
	}

	private static void close(Store store) {
		try {
			store.close();
		}
		catch (MessagingException | RuntimeException ex) {
			// closing is best effort
		}
	}

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) < 0) ? a : b;
	}

	private static String describe(Exception ex) {
		Throwable cause = ex;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		return (cause == ex) ? String.valueOf(ex.getMessage()) : ex.getMessage() + ": " + cause.getMessage();
	}

	/**
	 * What every watcher shares.
	 */
	record Collaborators(MailServers servers, EmailInbound inbound, EmailRecords records, EmailProperties properties,
			Semaphore permits, ScheduledExecutorService renewals) {

	}

	private static final class Limited extends ByteArrayOutputStream {

		private final long max;

		Limited(long max) {
			this.max = max;
		}

		@Override
		public synchronized void write(int b) {
			check(1);
			super.write(b);
		}

		@Override
		public synchronized void write(byte[] b, int off, int len) {
			check(len);
			super.write(b, off, len);
		}

		private void check(int more) {
			if (count + (long) more > this.max) {
				throw new UncheckedTooLarge();
			}
		}

	}

	/** A mail that went over the size limit while being read. */
	private static final class UncheckedTooLarge extends RuntimeException {

	}

}

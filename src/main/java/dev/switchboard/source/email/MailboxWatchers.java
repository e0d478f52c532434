package dev.switchboard.source.email;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.channel.ChannelService;
import dev.switchboard.channel.ChannelView;
import dev.switchboard.source.email.EmailRecords.Position;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * One {@link MailboxWatcher} per connected email channel: every refresh interval (and
 * right after a mailbox is connected) the watchers are compared with the connected
 * channels, new ones started, those of disconnected channels stopped. A channel that
 * needs reconnecting is not watched until an admin connects it again.
 */
@Component
@EnableConfigurationProperties(EmailProperties.class)
class MailboxWatchers implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(MailboxWatchers.class);

	private final ChannelService channels;

	private final MailServers servers;

	private final EmailInbound inbound;

	private final EmailRecords records;

	private final EmailProperties properties;

	private final Map<UUID, MailboxWatcher> watchers = new ConcurrentHashMap<>();

	private final Object signal = new Object();

	private boolean signalled;

	private volatile boolean running;

	private ScheduledExecutorService renewals;

	MailboxWatchers(ChannelService channels, MailServers servers, EmailInbound inbound, EmailRecords records,
			EmailProperties properties) {
		this.channels = channels;
		this.servers = servers;
		this.inbound = inbound;
		this.records = records;
		this.properties = properties;
	}

	/**
	 * A mailbox was connected (or connected again with new servers or passwords): its
	 * watcher starts over.
	 */
	@TransactionalEventListener
	void connected(MailboxConnected event) {
		this.watchers.values()
			.stream()
			.filter((watcher) -> watcher.mailbox().address().equals(event.address()))
			.forEach((watcher) -> {
				this.watchers.remove(watcher.mailbox().channelId(), watcher);
				watcher.stop();
			});
		wake();
	}

	/** How many mailboxes are watched now. */
	int watching() {
		return this.watchers.size();
	}

	@Override
	public void start() {
		this.renewals = Executors
			.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("imap-idle-renewal").factory());
		this.running = true;
		Thread.ofPlatform().name("mailbox-watchers").daemon().start(this::loop);
	}

	@Override
	public void stop() {
		this.running = false;
		wake();
		this.watchers.values().forEach(MailboxWatcher::stop);
		this.watchers.clear();
		this.renewals.shutdownNow();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private void loop() {
		MailboxWatcher.Collaborators with = new MailboxWatcher.Collaborators(this.servers, this.inbound, this.records,
				this.properties, new Semaphore(this.properties.concurrency()), this.renewals);
		while (this.running) {
			try {
				refresh(with);
			}
			catch (RuntimeException ex) {
				log.warn("Could not compare the mailbox watchers with the connected channels", ex);
			}
			synchronized (this.signal) {
				if (!this.signalled && this.running) {
					try {
						this.signal.wait(this.properties.refresh().toMillis());
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
						return;
					}
				}
				this.signalled = false;
			}
		}
	}

	private void refresh(MailboxWatcher.Collaborators with) {
		Map<UUID, ChannelView> wanted = this.channels.connectedEverywhere(EmailInbound.SOURCE)
			.stream()
			.filter((channel) -> !channel.needsReconnection())
			.collect(Collectors.toMap(ChannelView::id, Function.identity()));
		this.watchers.forEach((channelId, watcher) -> {
			if (!wanted.containsKey(channelId)) {
				this.watchers.remove(channelId, watcher);
				watcher.stop();
			}
		});
		for (ChannelView channel : wanted.values()) {
			if (!this.running || this.watchers.containsKey(channel.id())) {
				continue;
			}
			Map<String, String> credentials = this.channels.credentials(channel.id());
			if (credentials.isEmpty()) {
				continue;
			}
			MailboxWatcher[] created = new MailboxWatcher[1];
			created[0] = new MailboxWatcher(Mailbox.of(channel, credentials), start(channel), with,
					() -> this.watchers.remove(channel.id(), created[0]));
			this.watchers.put(channel.id(), created[0]);
			created[0].start();
		}
	}

	private static Position start(ChannelView channel) {
		String validity = channel.settings().get(Mailbox.START_UID_VALIDITY);
		String uid = channel.settings().get(Mailbox.START_UID);
		return (validity != null && uid != null) ? new Position(Long.parseLong(validity), Long.parseLong(uid)) : null;
	}

	private void wake() {
		synchronized (this.signal) {
			this.signalled = true;
			this.signal.notifyAll();
		}
	}

	/**
	 * Published when a mailbox is connected, acted on once that is committed.
	 *
	 * @param address the mailbox's address
	 */
	record MailboxConnected(String address) {

	}

}

package dev.switchboard.realtime;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.common.events.EventLog.EventsCommitted;
import dev.switchboard.common.events.EventLog.EventsPositioned;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Delivers the event log to this instance's clients. One loop positions what can be
 * positioned, reads every event after the last one it delivered, and hands it to the
 * {@link EventBroadcaster}. It wakes when this instance commits events, when another
 * instance's {@code NOTIFY} arrives on a dedicated {@code LISTEN} connection, and at the
 * poll interval; wake-ups within the batch delay are coalesced.
 */
@Component
class EventRelay implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(EventRelay.class);

	private static final int READ_BATCH = 1000;

	private static final Duration PRUNE_INTERVAL = Duration.ofHours(1);

	private final EventStore store;

	private final EventBroadcaster broadcaster;

	private final DataSource dataSource;

	private final RealtimeProperties properties;

	private final Clock clock;

	private final ApplicationEventPublisher publisher;

	private final Object signal = new Object();

	private boolean signalled;

	private volatile boolean running;

	private volatile long delivered;

	private Thread relay;

	private Thread listener;

	private Instant nextPrune = Instant.EPOCH;

	EventRelay(EventStore store, EventBroadcaster broadcaster, DataSource dataSource, RealtimeProperties properties,
			Clock clock, ApplicationEventPublisher publisher) {
		this.store = store;
		this.broadcaster = broadcaster;
		this.dataSource = dataSource;
		this.properties = properties;
		this.clock = clock;
		this.publisher = publisher;
	}

	@EventListener
	void onCommit(EventsCommitted committed) {
		wake();
	}

	void wake() {
		synchronized (this.signal) {
			this.signalled = true;
			this.signal.notifyAll();
		}
	}

	/**
	 * The position of the last event this instance delivered.
	 */
	long delivered() {
		return this.delivered;
	}

	@Override
	public void start() {
		this.delivered = this.store.lastPosition();
		this.running = true;
		this.relay = Thread.ofPlatform().name("event-relay").daemon().start(this::relay);
		this.listener = Thread.ofPlatform().name("event-listener").daemon().start(this::listen);
	}

	@Override
	public void stop() {
		this.running = false;
		wake();
		try {
			this.relay.join(5000);
			this.listener.interrupt();
			this.listener.join(5000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private void relay() {
		while (this.running) {
			try {
				awaitSignal();
				Thread.sleep(this.properties.batchDelay().toMillis());
				cycle();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException ex) {
				log.warn("Event relay cycle failed; retrying", ex);
				sleep(this.properties.pollInterval());
			}
		}
	}

	/**
	 * One round: position, then deliver everything positioned after what was delivered.
	 */
	void cycle() {
		this.store.sequence();
		long before = this.delivered;
		List<EventRow> events;
		do {
			events = this.store.after(this.delivered, READ_BATCH);
			for (EventRow event : events) {
				this.broadcaster.broadcast(event);
				this.delivered = event.position();
			}
		}
		while (events.size() == READ_BATCH);
		if (this.delivered > before) {
			this.publisher.publishEvent(new EventsPositioned(this.delivered));
		}
		pruneWhenDue();
	}

	private void pruneWhenDue() {
		Instant now = this.clock.instant();
		if (now.isAfter(this.nextPrune)) {
			this.nextPrune = now.plus(PRUNE_INTERVAL);
			int pruned = this.store.prune(now.minus(this.properties.retention()));
			if (pruned > 0) {
				log.info("Pruned {} events older than {}", pruned, this.properties.retention());
			}
		}
	}

	private void awaitSignal() throws InterruptedException {
		synchronized (this.signal) {
			if (!this.signalled && this.running) {
				this.signal.wait(this.properties.pollInterval().toMillis());
			}
			this.signalled = false;
		}
	}

	/**
	 * Holds one connection that {@code LISTEN}s for other instances' wake-ups,
	 * reconnecting when it breaks (the poll interval covers the gap).
	 */
	private void listen() {
		while (this.running) {
			try (Connection connection = this.dataSource.getConnection()) {
				try (Statement statement = connection.createStatement()) {
					statement.execute("LISTEN " + EventStore.CHANNEL);
				}
				PGConnection postgres = connection.unwrap(PGConnection.class);
				while (this.running) {
					var notifications = postgres.getNotifications((int) this.properties.pollInterval().toMillis());
					if (notifications != null && notifications.length > 0) {
						wake();
					}
				}
			}
			catch (Exception ex) {
				if (this.running) {
					log.warn("Event listener connection failed; reconnecting: {}", ex.getMessage());
					sleep(this.properties.pollInterval());
				}
			}
		}
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}

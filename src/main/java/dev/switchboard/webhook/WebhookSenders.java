package dev.switchboard.webhook;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.common.events.EventLog.EventsPositioned;
import dev.switchboard.common.work.JobLoop;
import dev.switchboard.webhook.DeliveryStore.Claimed;

import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Runs the deliveries: one thread fans new events out to delivery rows (woken when the
 * event relay has read newly positioned events, this instance's or another's, else at the
 * dispatch interval), and a {@link JobLoop} claims due deliveries and sends each on a
 * sender thread of its own, which goes on with the next deliveries of its subscription
 * while its successes bring it one ({@link DeliveredBatches}). Instances share both
 * through the database.
 */
@Component
class WebhookSenders implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(WebhookSenders.class);

	private static final Duration DISPATCH_INTERVAL = Duration.ofMillis(50);

	private final WebhookDeliveries deliveries;

	private final WebhookClient client;

	private final JobLoop<Claimed> loop;

	private final Object signal = new Object();

	private boolean signalled;

	private volatile boolean running;

	private Thread dispatcher;

	WebhookSenders(WebhookDeliveries deliveries, WebhookClient client, WebhookProperties properties) {
		this.deliveries = deliveries;
		this.client = client;
		// senders are platform threads: under API load the application's virtual threads
		// held the carriers, and a finished attempt waited its turn to be recorded
		this.loop = new JobLoop<>("webhook-worker", properties.concurrency(), 1, properties.pollInterval(),
				deliveries::claim, deliveries::send, Thread.ofPlatform().name("webhook-sender-", 0).daemon().factory());
	}

	/**
	 * The event relay read newly positioned events (this instance's or another's): the
	 * dispatcher fans them out now rather than at its next poll.
	 */
	@EventListener
	void onPositioned(EventsPositioned positioned) {
		signal();
	}

	private void signal() {
		synchronized (this.signal) {
			this.signalled = true;
			this.signal.notifyAll();
		}
	}

	/**
	 * Makes the senders look for due deliveries now.
	 */
	void wake() {
		this.loop.wake();
	}

	@Override
	public void start() {
		this.running = true;
		this.loop.start();
		this.dispatcher = Thread.ofPlatform().name("webhook-dispatcher").daemon().start(this::dispatch);
	}

	/**
	 * Stops at once: attempts in flight are abandoned and sent again after their lease,
	 * by whichever instance runs then, exactly as after a crash.
	 */
	@Override
	public void stop() {
		this.running = false;
		signal();
		this.client.abandonAll();
		this.loop.stop();
		try {
			this.dispatcher.join(5000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private void dispatch() {
		while (this.running) {
			try {
				await();
				int dispatched;
				do {
					dispatched = this.deliveries.dispatch();
					if (dispatched > 0) {
						this.loop.wake();
					}
				}
				while (this.running && dispatched == WebhookDeliveries.DISPATCH_BATCH);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException ex) {
				if (this.running) {
					log.warn("Dispatching events to webhooks failed; trying again", ex);
				}
			}
		}
	}

	private void await() throws InterruptedException {
		synchronized (this.signal) {
			if (!this.signalled && this.running) {
				this.signal.wait(DISPATCH_INTERVAL.toMillis());
			}
			this.signalled = false;
		}
	}

}

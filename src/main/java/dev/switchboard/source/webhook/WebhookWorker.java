package dev.switchboard.source.webhook;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Processes stored webhook events: woken when one is stored, polling every second
 * otherwise, several at once on virtual threads; instances share the work through the
 * database ({@code SKIP LOCKED}).
 */
@Component
class WebhookWorker implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(WebhookWorker.class);

	private static final int CONCURRENCY = 16;

	private static final long POLL_MILLIS = 1000;

	private final WebhookInbox inbox;

	private final Semaphore permits = new Semaphore(CONCURRENCY);

	private final Object signal = new Object();

	private boolean signalled;

	private volatile boolean running;

	private Thread loop;

	private ExecutorService executor;

	WebhookWorker(WebhookInbox inbox) {
		this.inbox = inbox;
		inbox.onStored(this::wake);
	}

	void wake() {
		synchronized (this.signal) {
			this.signalled = true;
			this.signal.notifyAll();
		}
	}

	@Override
	public void start() {
		this.executor = Executors.newVirtualThreadPerTaskExecutor();
		this.running = true;
		this.loop = Thread.ofPlatform().name("webhook-worker").daemon().start(this::run);
	}

	@Override
	public void stop() {
		this.running = false;
		wake();
		try {
			this.loop.join(10_000);
			this.executor.shutdown();
			this.executor.awaitTermination(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private void run() {
		while (this.running) {
			try {
				int free = this.permits.availablePermits();
				List<WebhookEvent> events = (free > 0) ? this.inbox.claim(free) : List.of();
				for (WebhookEvent event : events) {
					this.permits.acquire();
					this.executor.submit(() -> {
						try {
							this.inbox.process(event);
						}
						finally {
							this.permits.release();
							wake();
						}
					});
				}
				if (events.isEmpty()) {
					synchronized (this.signal) {
						if (!this.signalled && this.running) {
							this.signal.wait(POLL_MILLIS);
						}
						this.signalled = false;
					}
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException ex) {
				log.warn("Webhook loop failed; trying again", ex);
				try {
					Thread.sleep(POLL_MILLIS);
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}
	}

}

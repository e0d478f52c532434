package dev.switchboard.message;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.message.MessageRepository.ClaimedJob;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Sends pending messages. One loop per instance claims due jobs (as many as it has free
 * senders) and hands each to a virtual thread; it sleeps until the poll interval passes
 * or a committed send wakes it. Instances share the work through the database.
 */
@Component
@EnableConfigurationProperties(DeliveryProperties.class)
class DeliveryWorker implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);

	private final Deliveries deliveries;

	private final DeliveryProperties properties;

	private final Semaphore senders;

	private final Object signal = new Object();

	private boolean signalled;

	private volatile boolean running;

	private Thread loop;

	private ExecutorService executor;

	DeliveryWorker(Deliveries deliveries, DeliveryProperties properties) {
		this.deliveries = deliveries;
		this.properties = properties;
		this.senders = new Semaphore(properties.concurrency());
	}

	/**
	 * Makes the worker look for due jobs now.
	 */
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
		this.loop = Thread.ofPlatform().name("delivery-worker").daemon().start(this::run);
	}

	@Override
	public void stop() {
		this.running = false;
		wake();
		try {
			this.loop.join(10_000);
			this.executor.shutdown();
			if (!this.executor.awaitTermination(30, TimeUnit.SECONDS)) {
				log.warn("Deliveries still running at shutdown; their jobs are claimed again after the lease");
			}
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
				int free = this.senders.availablePermits();
				List<ClaimedJob> jobs = (free > 0) ? this.deliveries.claim(free) : List.of();
				for (ClaimedJob job : jobs) {
					this.senders.acquire();
					this.executor.submit(() -> {
						try {
							this.deliveries.deliver(job);
						}
						finally {
							this.senders.release();
							wake();
						}
					});
				}
				if (jobs.isEmpty()) {
					awaitSignal();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException ex) {
				log.warn("Delivery loop failed; trying again", ex);
				sleepQuietly();
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

	private void sleepQuietly() {
		try {
			Thread.sleep(this.properties.pollInterval().toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}

package dev.switchboard.message;

import dev.switchboard.common.work.JobLoop;
import dev.switchboard.message.Deliveries.Delivery;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Sends pending messages: claims due delivery jobs (as many as it has free senders, and
 * while a backlog waits, a quarter of them at least) and sends each on a virtual thread;
 * a committed send wakes it at once. Instances share the work through the database.
 */
@Component
@EnableConfigurationProperties(DeliveryProperties.class)
class DeliveryWorker implements SmartLifecycle {

	private final JobLoop<Delivery> loop;

	DeliveryWorker(Deliveries deliveries, DeliveryProperties properties) {
		// senders are platform threads, so that under a flood of requests they get their
		// share of the CPU rather than wait behind the requests' virtual threads
		this.loop = new JobLoop<>("delivery-worker", properties.concurrency(),
				Math.max(1, properties.concurrency() / 4), properties.pollInterval(), deliveries::claim,
				deliveries::deliver, Thread.ofPlatform().name("delivery-sender-", 0).daemon().factory());
	}

	/**
	 * Makes the worker look for due jobs now.
	 */
	void wake() {
		this.loop.wake();
	}

	@Override
	public void start() {
		this.loop.start();
	}

	@Override
	public void stop() {
		this.loop.stop();
	}

	@Override
	public boolean isRunning() {
		return this.loop.isRunning();
	}

}

package dev.switchboard.webhook;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;

import dev.switchboard.webhook.DeliveryStore.Success;

import org.springframework.stereotype.Component;

/**
 * Records successful attempts as a group commit: a sender whose attempt succeeded queues
 * it and takes the lock; the holder records every queued success in one statement. While
 * one statement runs, the successes of the others gather for the next, so at a high rate
 * the senders share statements (and connections) instead of each running one, and at a
 * low rate each is recorded at once.
 */
@Component
class DeliveredBatches {

	private final DeliveryStore store;

	private final DeliveryClock clock;

	private final ReentrantLock recording = new ReentrantLock();

	private final ConcurrentLinkedQueue<Queued> queued = new ConcurrentLinkedQueue<>();

	DeliveredBatches(DeliveryStore store, DeliveryClock clock) {
		this.store = store;
		this.clock = clock;
	}

	/**
	 * Records a success, returning once it is recorded (by this thread or another).
	 * @return whether it was recorded: {@code false} when the delivery is no longer the
	 * attempt's
	 * @throws RuntimeException when the statement that should have recorded it failed
	 */
	boolean record(Success success) {
		Queued mine = new Queued(success, new CompletableFuture<>());
		this.queued.add(mine);
		this.recording.lock();
		try {
			if (!mine.recorded().isDone()) {
				recordQueued();
			}
		}
		finally {
			this.recording.unlock();
		}
		return mine.recorded().join();
	}

	private void recordQueued() {
		List<Queued> batch = new ArrayList<>();
		for (Queued next = this.queued.poll(); next != null; next = this.queued.poll()) {
			batch.add(next);
		}
		try {
			Set<UUID> recorded = this.store.delivered(batch.stream().map(Queued::success).toList(), this.clock.now());
			batch.forEach((each) -> each.recorded().complete(recorded.contains(each.success().claimed().id())));
		}
		catch (RuntimeException ex) {
			batch.forEach((each) -> each.recorded().completeExceptionally(ex));
		}
	}

	private record Queued(Success success, CompletableFuture<Boolean> recorded) {
	}

}

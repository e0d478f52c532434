package dev.switchboard.webhook;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;

import dev.switchboard.webhook.DeliveryStore.Claimed;
import dev.switchboard.webhook.DeliveryStore.Success;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Records successful attempts as a group commit, and hands each sender its subscription's
 * next due delivery in the same transaction: a sender whose attempt succeeded queues it
 * and takes the lock; the holder records every queued success and claims, for each
 * subscription, as many due deliveries as it had successes (within its free share), in
 * one transaction. While that runs, the successes of the others gather for the next one.
 * So a busy subscription's senders go from one delivery to the next without waiting for
 * the worker's next claim, at two statements and one commit per group of attempts, and at
 * a low rate each success is recorded at once.
 */
@Component
class DeliveredBatches {

	private final DeliveryStore store;

	private final DeliveryClock clock;

	private final TransactionTemplate transaction;

	private final WebhookProperties properties;

	private final ReentrantLock recording = new ReentrantLock();

	private final ConcurrentLinkedQueue<Queued> queued = new ConcurrentLinkedQueue<>();

	DeliveredBatches(DeliveryStore store, DeliveryClock clock, DeliveryConnections connections,
			WebhookProperties properties) {
		this.store = store;
		this.clock = clock;
		this.transaction = connections.transaction();
		this.properties = properties;
	}

	/**
	 * Records a success, returning once it is recorded (by this thread or another).
	 * @return whether it was recorded ({@code false} when the delivery is no longer the
	 * attempt's), and the subscription's next delivery claimed for this sender, if one
	 * was due
	 * @throws RuntimeException when the transaction that should have recorded it failed
	 */
	Recorded record(Success success) {
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
			Instant now = this.clock.now();
			List<Recorded> results = this.transaction.execute((status) -> {
				Set<UUID> recorded = this.store.delivered(batch.stream().map(Queued::success).toList(), now);
				Map<UUID, Integer> wanted = new LinkedHashMap<>();
				for (Queued each : batch) {
					if (recorded.contains(each.success().claimed().id())) {
						wanted.merge(each.success().claimed().subscriptionId(), 1, Integer::sum);
					}
				}
				Map<UUID, Deque<Claimed>> next = new HashMap<>();
				if (!wanted.isEmpty()) {
					for (Claimed claimed : this.store.claimNext(wanted, this.properties.concurrencyPerSubscription(),
							now, now.plus(this.properties.lease()))) {
						next.computeIfAbsent(claimed.subscriptionId(), (id) -> new ArrayDeque<>()).add(claimed);
					}
				}
				List<Recorded> outcome = new ArrayList<>(batch.size());
				for (Queued each : batch) {
					Claimed claimed = each.success().claimed();
					boolean done = recorded.contains(claimed.id());
					Deque<Claimed> mine = next.get(claimed.subscriptionId());
					outcome.add(new Recorded(done, (done && mine != null) ? mine.poll() : null));
				}
				return outcome;
			});
			for (int i = 0; i < batch.size(); i++) {
				batch.get(i).recorded().complete(results.get(i));
			}
		}
		catch (RuntimeException ex) {
			batch.forEach((each) -> each.recorded().completeExceptionally(ex));
		}
	}

	/**
	 * What recording a success gave its sender.
	 *
	 * @param recorded whether it was recorded
	 * @param next the subscription's next delivery, claimed for the sender, or
	 * {@code null}
	 */
	record Recorded(boolean recorded, Claimed next) {
	}

	private record Queued(Success success, CompletableFuture<Recorded> recorded) {
	}

}

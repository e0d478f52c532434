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

import jakarta.annotation.PreDestroy;

import dev.switchboard.common.work.GroupCommit;
import dev.switchboard.webhook.DeliveryStore.Claimed;
import dev.switchboard.webhook.DeliveryStore.Success;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Records successful attempts as a group commit ({@link GroupCommit}), and hands each
 * sender its subscription's next due delivery in the same transaction: a sender whose
 * attempt succeeded submits it; a writer records every success submitted while it was
 * busy and claims, for each subscription, as many due deliveries as it had successes
 * (each success hands its slot in the subscription's share on), in one transaction. So a
 * busy subscription's senders go from one delivery to the next without waiting for the
 * worker's next claim, at two statements and one commit per group of attempts, and at a
 * low rate each success is recorded at once. Two writers record side by side: a group's
 * transaction holds no lock another needs (each delivery is its sender's; the claim skips
 * locked rows).
 */
@Component
class DeliveredBatches {

	private static final int WRITERS = 2;

	private final DeliveryStore store;

	private final DeliveryClock clock;

	private final TransactionTemplate transaction;

	private final WebhookProperties properties;

	private final GroupCommit<Success, Recorded> writes;

	DeliveredBatches(DeliveryStore store, DeliveryClock clock, DeliveryConnections connections,
			WebhookProperties properties) {
		this.store = store;
		this.clock = clock;
		this.transaction = connections.transaction();
		this.properties = properties;
		this.writes = new GroupCommit<>("webhook-successes", WRITERS, properties.concurrency(), this::recordAll);
	}

	@PreDestroy
	void stop() {
		this.writes.close();
	}

	/**
	 * Records a success, returning once it is recorded.
	 * @return whether it was recorded ({@code false} when the delivery is no longer the
	 * attempt's), and the subscription's next delivery claimed for this sender, if one
	 * was due
	 * @throws RuntimeException when the transaction that should have recorded it failed
	 */
	Recorded record(Success success) {
		return this.writes.submit(success);
	}

	private List<Recorded> recordAll(List<Success> batch) {
		Instant now = this.clock.now();
		return this.transaction.execute((status) -> {
			Set<UUID> recorded = this.store.delivered(batch, now);
			Map<UUID, Integer> wanted = new LinkedHashMap<>();
			for (Success each : batch) {
				// a success recorded after its lease ran out has no slot to hand on: a
				// claim since then counted it free
				if (recorded.contains(each.claimed().id()) && each.claimed().leasedUntil().isAfter(now)) {
					wanted.merge(each.claimed().subscriptionId(), 1, Integer::sum);
				}
			}
			Map<UUID, Deque<Claimed>> next = new HashMap<>();
			if (!wanted.isEmpty()) {
				for (Claimed claimed : this.store.claimNext(wanted, now, now.plus(this.properties.lease()))) {
					next.computeIfAbsent(claimed.subscriptionId(), (id) -> new ArrayDeque<>()).add(claimed);
				}
			}
			List<Recorded> outcome = new ArrayList<>(batch.size());
			for (Success each : batch) {
				boolean done = recorded.contains(each.claimed().id());
				Deque<Claimed> mine = next.get(each.claimed().subscriptionId());
				outcome.add(new Recorded(done, (done && mine != null) ? mine.poll() : null));
			}
			return outcome;
		});
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

}

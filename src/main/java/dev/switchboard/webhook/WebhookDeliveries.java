package dev.switchboard.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonRawValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import dev.switchboard.common.events.EventLog;
import dev.switchboard.webhook.DeliveredBatches.Recorded;
import dev.switchboard.webhook.DeliveryStore.ActiveSubscription;
import dev.switchboard.webhook.DeliveryStore.Claimed;
import dev.switchboard.webhook.DeliveryStore.LoggedEvent;
import dev.switchboard.webhook.DeliveryStore.NewDelivery;
import dev.switchboard.webhook.DeliveryStore.Success;
import dev.switchboard.webhook.WebhookClient.Outcome;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The work of delivering: fan the event log out to delivery rows, claim due rows, send
 * one outside any transaction, record its outcome. All of it runs on the
 * {@link DeliveryConnections}; only disabling a subscription, which writes to the event
 * log, uses the application's.
 */
@Component
class WebhookDeliveries {

	private static final Logger log = LoggerFactory.getLogger(WebhookDeliveries.class);

	static final int DISPATCH_BATCH = 1000;

	private final DeliveryStore store;

	private final TransactionTemplate transaction;

	private final DeliveredBatches delivered;

	private final WebhookRepository repository;

	private final TransactionTemplate applicationTransaction;

	private final SigningSecrets secrets;

	private final WebhookClient client;

	private final WebhookProperties properties;

	private final EventLog events;

	private final JsonMapper json;

	private final SubscriptionMetrics metrics;

	private final DeliveryClock clock;

	WebhookDeliveries(DeliveryStore store, DeliveryConnections connections, DeliveredBatches delivered,
			WebhookRepository repository, TransactionTemplate applicationTransaction, SigningSecrets secrets,
			WebhookClient client, WebhookProperties properties, EventLog events, JsonMapper json,
			SubscriptionMetrics metrics, DeliveryClock clock) {
		this.store = store;
		this.transaction = connections.transaction();
		this.delivered = delivered;
		this.repository = repository;
		this.applicationTransaction = applicationTransaction;
		this.secrets = secrets;
		this.client = client;
		this.properties = properties;
		this.events = events;
		this.json = json;
		this.metrics = metrics;
		this.clock = clock;
	}

	/**
	 * Turns the next positioned events into deliveries for the subscriptions active in
	 * their workspaces, and moves the dispatcher's place past them, in one transaction.
	 * @return how many events were dispatched (0 when another instance is at it)
	 */
	int dispatch() {
		Integer dispatched = this.transaction.execute((status) -> {
			Optional<Long> last = this.store.lockDispatch();
			if (last.isEmpty()) {
				return 0;
			}
			List<LoggedEvent> batch = this.store.eventsAfter(last.get(), DISPATCH_BATCH);
			if (batch.isEmpty()) {
				return 0;
			}
			Map<UUID, List<ActiveSubscription>> subscriptions = this.store
				.active(batch.stream().map(LoggedEvent::workspaceId).collect(Collectors.toSet()))
				.stream()
				.collect(Collectors.groupingBy(ActiveSubscription::workspaceId));
			List<NewDelivery> deliveries = new ArrayList<>();
			for (LoggedEvent event : batch) {
				String body = null;
				for (ActiveSubscription subscription : subscriptions.getOrDefault(event.workspaceId(), List.of())) {
					if (subscription.events().contains(event.type())
							&& event.position() > subscription.startPosition()) {
						body = (body != null) ? body : body(event);
						deliveries.add(new NewDelivery(subscription.id(), event.position(), event.type(),
								event.conversationId(), body));
					}
				}
			}
			if (!deliveries.isEmpty()) {
				this.store.insertDeliveries(deliveries, this.clock.now());
			}
			this.store.dispatched(batch.get(batch.size() - 1).position());
			return batch.size();
		});
		return (dispatched != null) ? dispatched : 0;
	}

	/**
	 * Claims due deliveries; one statement, so its row locks last only as long as it.
	 */
	List<Claimed> claim(int limit) {
		Instant now = this.clock.now();
		return this.store.claim(limit, this.properties.concurrencyPerSubscription(), now,
				now.plus(this.properties.lease()));
	}

	/**
	 * Signs and posts a claimed delivery and records the outcome; after a success, goes
	 * on with the subscription's next due delivery, claimed when the success was
	 * recorded, until none is due. Never throws; an attempt cut off by a stop is left to
	 * its lease.
	 */
	void send(Claimed first) {
		for (Claimed claimed = first; claimed != null && !this.client.stopped();) {
			claimed = sendOne(claimed);
		}
	}

	/**
	 * Sends one delivery and records its outcome.
	 * @return the subscription's next delivery, claimed for this sender, or {@code null}
	 */
	private Claimed sendOne(Claimed claimed) {
		Outcome outcome;
		try {
			outcome = post(claimed);
		}
		catch (RuntimeException ex) {
			log.warn("Webhook delivery {} failed unexpectedly", claimed.id(), ex);
			outcome = new Outcome(null, "Unexpected error while sending; the server log has the details");
		}
		if (this.client.stopped()) {
			return null;
		}
		try {
			return record(claimed, outcome);
		}
		catch (RuntimeException ex) {
			// the delivery keeps its lease and is claimed again when it runs out
			log.warn("Could not record the outcome of webhook delivery {}", claimed.id(), ex);
			return null;
		}
	}

	private Outcome post(Claimed claimed) {
		byte[] body = claimed.body().getBytes(StandardCharsets.UTF_8);
		String id = Long.toString(claimed.eventId());
		long timestamp = this.clock.now().getEpochSecond();
		byte[] key = this.secrets.key(claimed.sealedSecret(), claimed.subscriptionId());
		Map<String, String> headers = new LinkedHashMap<>(claimed.headers());
		headers.put("webhook-id", id);
		headers.put("webhook-timestamp", Long.toString(timestamp));
		headers.put("webhook-signature", SigningSecrets.signature(key, id, timestamp, body));
		return this.client.post(claimed.url(), headers, body);
	}

	private Claimed record(Claimed claimed, Outcome outcome) {
		Instant now = this.clock.now();
		if (outcome.success()) {
			Recorded recorded = this.delivered.record(new Success(claimed, outcome.status()));
			if (recorded.recorded()) {
				this.metrics.delivered();
			}
			return recorded.next();
		}
		String error = (outcome.error() != null) ? outcome.error() : "HTTP " + outcome.status();
		boolean last = claimed.attempt() >= this.properties.maxAttempts();
		Instant next = last ? null
				: now.plus(this.properties.backoff(claimed.attempt(), ThreadLocalRandom.current().nextDouble()));
		Optional<Instant> failingSince = this.transaction.execute((status) -> {
			if (!this.store.failedAttempt(claimed, last ? Delivery.FAILED : Delivery.PENDING, outcome.status(), error,
					next)) {
				return null;
			}
			return this.store.failed(claimed.subscriptionId(), now);
		});
		if (failingSince == null) {
			// the delivery was no longer this attempt's
			return null;
		}
		if (last) {
			this.metrics.failed();
		}
		else {
			this.metrics.retried();
		}
		Instant before = now.minus(this.properties.disableAfter());
		if (failingSince.isPresent() && !failingSince.get().isAfter(before)) {
			this.applicationTransaction.executeWithoutResult(
					(status) -> this.repository.disableFailingSince(claimed.subscriptionId(), before, now)
						.ifPresent(this::disabled));
		}
		return null;
	}

	private void disabled(Subscription subscription) {
		this.events.append(Subscription.DISABLED_EVENT, subscription.workspaceId(), null, null,
				new DisabledPayload(subscription.id(), subscription.url(), subscription.status()));
		log.warn("Webhook subscription {} of workspace {} is disabled: its deliveries have all failed for {}",
				subscription.id(), subscription.workspaceId(), this.properties.disableAfter());
	}

	/**
	 * An event as clients see it on {@code /events} and in {@code events.list}.
	 */
	private String body(LoggedEvent event) {
		return this.json
			.writeValueAsString(new EventBody(event.position(), event.type(), event.createdAt(), event.payload()));
	}

	record EventBody(long id, String type, Instant timestamp, @JsonRawValue String payload) {
	}

	record DisabledPayload(UUID id, String url, String status) {
	}

}

package dev.switchboard.webhook;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import dev.switchboard.common.error.ConflictException;
import dev.switchboard.common.error.InvalidFieldsException;
import dev.switchboard.common.error.NotFoundException;
import dev.switchboard.common.pagination.Cursor;
import dev.switchboard.common.pagination.Cursors;
import dev.switchboard.common.pagination.KeysetPages;
import dev.switchboard.common.pagination.Page;
import dev.switchboard.common.pagination.PageRequest;
import dev.switchboard.common.security.CurrentMember;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A workspace's webhook subscriptions and their delivery log. Signing secrets are shown
 * only when made (subscribe, rotate-secret) and stored sealed.
 */
@Service
class WebhookService {

	static final int MAX_HEADERS = 20;

	static final int MAX_HEADER_VALUE = 1000;

	private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}");

	private static final Pattern HEADER_VALUE = Pattern.compile("[\\x20-\\x7e\\t]*");

	/** Headers the delivery sets itself, or that only the HTTP client may set. */
	private static final Set<String> RESERVED_HEADERS = Set.of("webhook-id", "webhook-timestamp", "webhook-signature",
			"content-type", "content-length", "content-encoding", "transfer-encoding", "host", "connection",
			"keep-alive", "te", "trailer", "upgrade", "expect", "proxy-authorization", "proxy-connection");

	private static final String DELIVERIES = "webhook-deliveries";

	private final WebhookRepository repository;

	private final Targets targets;

	private final SigningSecrets secrets;

	private final WebhookProperties properties;

	private final Cursors cursors;

	private final WebhookSenders worker;

	private final DeliveryClock clock;

	WebhookService(WebhookRepository repository, Targets targets, SigningSecrets secrets, WebhookProperties properties,
			Cursors cursors, WebhookSenders worker, DeliveryClock clock) {
		this.repository = repository;
		this.targets = targets;
		this.secrets = secrets;
		this.properties = properties;
		this.cursors = cursors;
		this.worker = worker;
		this.clock = clock;
	}

	/**
	 * Subscribes a URL of the caller's workspace to events from now on.
	 * @return the subscription and its signing secret, shown this once
	 */
	@Transactional
	Created subscribe(String url, List<String> events, Map<String, String> headers) {
		UUID workspaceId = CurrentMember.workspaceId();
		this.targets.check(url);
		List<String> types = types(events);
		Map<String, String> extra = headers(headers);
		if (this.repository.count(workspaceId) >= this.properties.maxSubscriptions()) {
			throw new ConflictException("A workspace has at most " + this.properties.maxSubscriptions()
					+ " webhook subscriptions; unsubscribed ones count too, and webhooks.update can reuse one.");
		}
		Instant now = this.clock.now();
		Subscription subscription = new Subscription(UUID.randomUUID(), workspaceId, url, types, extra,
				Subscription.SUBSCRIBED, now, now);
		String secret = this.secrets.generate();
		this.repository.insert(subscription, this.secrets.seal(secret, subscription.id()),
				this.repository.lastEventPosition());
		return new Created(subscription, secret);
	}

	@Transactional(readOnly = true)
	List<Subscription> list() {
		return this.repository.list(CurrentMember.workspaceId());
	}

	@Transactional(readOnly = true)
	Subscription info(UUID id) {
		return this.repository.find(CurrentMember.workspaceId(), id).orElseThrow(WebhookService::notFound);
	}

	/**
	 * Changes what is given; {@code Subscribed} re-enables a disabled subscription, and
	 * {@code Unsubscribed} ends its pending deliveries as {@code FAILED}.
	 */
	@Transactional
	Subscription update(UUID id, String url, List<String> events, Map<String, String> headers, String status) {
		Subscription current = this.repository.lock(CurrentMember.workspaceId(), id)
			.orElseThrow(WebhookService::notFound);
		if (url != null && !url.equals(current.url())) {
			this.targets.check(url);
		}
		Subscription updated = current.with((url != null) ? url : current.url(),
				(events != null) ? types(events) : current.events(),
				(headers != null) ? headers(headers) : current.headers(), (status != null) ? status : current.status(),
				this.clock.now());
		this.repository.update(updated);
		if (Subscription.UNSUBSCRIBED.equals(updated.status()) && !Subscription.UNSUBSCRIBED.equals(current.status())) {
			this.repository.failPending(id, "The subscription was unsubscribed.");
		}
		if (Subscription.SUBSCRIBED.equals(updated.status())) {
			this.worker.wake();
		}
		return updated;
	}

	@Transactional
	Subscription unsubscribe(UUID id) {
		return update(id, null, null, null, Subscription.UNSUBSCRIBED);
	}

	/**
	 * Replaces the signing secret; attempts from now on are signed with the new one.
	 * @return the subscription and its new secret, shown this once
	 */
	@Transactional
	Created rotateSecret(UUID id) {
		Subscription subscription = this.repository.lock(CurrentMember.workspaceId(), id)
			.orElseThrow(WebhookService::notFound);
		String secret = this.secrets.generate();
		this.repository.updateSecret(subscription.workspaceId(), id, this.secrets.seal(secret, id), this.clock.now());
		return new Created(subscription, secret);
	}

	/**
	 * A page of a subscription's deliveries, newest event first.
	 */
	@Transactional(readOnly = true)
	Page<Delivery> deliveries(UUID id, PageRequest request) {
		Subscription subscription = info(id);
		Cursor cursor = request.hasCursor() ? this.cursors.decode(DELIVERIES, request.cursor()) : null;
		Long from = null;
		if (cursor != null) {
			if (cursor.key().size() != 2 || !cursor.key().get(0).equals(subscription.id().toString())
					|| !cursor.key().get(1).matches("\\d{1,18}")) {
				throw new InvalidFieldsException(Map.of("cursor", "must be a cursor of this subscription's list"));
			}
			from = Long.parseLong(cursor.key().get(1));
		}
		boolean backward = cursor != null && cursor.direction() == Cursor.Direction.BACKWARD;
		List<Delivery> rows = this.repository.deliveries(id, from, backward, request.size() + 1);
		long total = this.repository.countDeliveries(id);
		return KeysetPages.page(DELIVERIES, request, cursor, rows,
				(delivery) -> List.of(subscription.id().toString(), Long.toString(delivery.eventId())), this.cursors,
				total, total);
	}

	/**
	 * Sends a delivery again now, with a fresh series of attempts.
	 */
	@Transactional
	Delivery redeliver(UUID deliveryId) {
		UUID workspaceId = CurrentMember.workspaceId();
		Map.Entry<UUID, Delivery> found = this.repository.findDelivery(workspaceId, deliveryId)
			.orElseThrow(() -> new NotFoundException("No webhook delivery with that id in this workspace."));
		Subscription subscription = this.repository.lock(workspaceId, found.getKey())
			.orElseThrow(WebhookService::notFound);
		if (!Subscription.SUBSCRIBED.equals(subscription.status())) {
			throw new ConflictException("The subscription is " + subscription.status()
					+ "; update its status to Subscribed to deliver again.");
		}
		if (!this.repository.redeliver(deliveryId, this.clock.now())) {
			throw new ConflictException("An attempt of this delivery is in flight; try again when it ends.");
		}
		this.worker.wake();
		return this.repository.findDelivery(workspaceId, deliveryId).orElseThrow().getValue();
	}

	private static List<String> types(List<String> events) {
		if (events == null || events.isEmpty()) {
			return Subscription.EVENT_TYPES;
		}
		Set<String> types = new LinkedHashSet<>();
		for (String type : events) {
			if (!Subscription.EVENT_TYPES.contains(type) && !Subscription.DISABLED_EVENT.equals(type)) {
				throw new InvalidFieldsException(Map.of("events", "must be event types of "
						+ String.join(", ", Subscription.EVENT_TYPES) + " or " + Subscription.DISABLED_EVENT));
			}
			types.add(type);
		}
		return List.copyOf(types);
	}

	private static Map<String, String> headers(Map<String, String> headers) {
		if (headers == null) {
			return Map.of();
		}
		if (headers.size() > MAX_HEADERS) {
			throw new InvalidFieldsException(Map.of("headers", "must be at most " + MAX_HEADERS + " headers"));
		}
		Map<String, String> checked = new LinkedHashMap<>();
		Set<String> names = new LinkedHashSet<>();
		headers.forEach((name, value) -> {
			String lower = name.toLowerCase(Locale.ROOT);
			if (!HEADER_NAME.matcher(name).matches()) {
				throw new InvalidFieldsException(Map.of("headers",
						"must have header names of letters, digits and" + " !#$%&'*+.^_`|~- (at most 100)"));
			}
			if (RESERVED_HEADERS.contains(lower) || lower.startsWith("webhook-")) {
				throw new InvalidFieldsException(Map.of("headers", name + " is set by the delivery itself"));
			}
			if (value == null || value.length() > MAX_HEADER_VALUE || !HEADER_VALUE.matcher(value).matches()) {
				throw new InvalidFieldsException(Map.of("headers",
						"must have values of at most " + MAX_HEADER_VALUE + " printable ASCII characters"));
			}
			if (!names.add(lower)) {
				throw new InvalidFieldsException(Map.of("headers", "must not name " + name + " twice"));
			}
			checked.put(name, value);
		});
		return checked;
	}

	private static NotFoundException notFound() {
		return new NotFoundException("No webhook subscription with that id in this workspace.");
	}

	/**
	 * A subscription with its secret, shown once.
	 */
	record Created(Subscription subscription, String secret) {

		@Override
		public String toString() {
			return "Created[" + this.subscription.id() + "]";
		}

	}

}

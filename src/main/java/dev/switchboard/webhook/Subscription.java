package dev.switchboard.webhook;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A workspace's subscription of a URL to events, as stored (its secret apart).
 *
 * @param id its id
 * @param workspaceId the workspace whose events it receives
 * @param url where deliveries are posted
 * @param events the event types it receives
 * @param headers headers added to every delivery
 * @param status {@code Subscribed}, {@code Unsubscribed} or {@code Disabled}
 * @param createdAt when it was made
 * @param updatedAt when it last changed
 */
record Subscription(UUID id, UUID workspaceId, String url, List<String> events, Map<String, String> headers,
		String status, Instant createdAt, Instant updatedAt) {

	static final String SUBSCRIBED = "Subscribed";

	static final String UNSUBSCRIBED = "Unsubscribed";

	static final String DISABLED = "Disabled";

	static final List<String> EVENT_TYPES = List.of("message.created", "message.updated", "conversation.updated",
			"channel.updated", "tag.updated");

	/** Besides the default types, a subscription may ask for this one. */
	static final String DISABLED_EVENT = "webhook.disabled";

	Subscription {
		events = List.copyOf(events);
		headers = Map.copyOf(headers);
	}

	Subscription with(String url, List<String> events, Map<String, String> headers, String status, Instant now) {
		return new Subscription(this.id, this.workspaceId, url, events, headers, status, this.createdAt, now);
	}

}

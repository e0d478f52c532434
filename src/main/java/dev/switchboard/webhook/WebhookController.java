package dev.switchboard.webhook;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import dev.switchboard.common.pagination.Page;
import dev.switchboard.common.pagination.PageRequest;
import dev.switchboard.common.security.Endpoint;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import static dev.switchboard.common.security.Action.CREATE;
import static dev.switchboard.common.security.Action.UPDATE;
import static dev.switchboard.common.security.Action.VIEW;

/**
 * {@code webhooks.subscribe/list/info/update/unsubscribe/rotate-secret/deliveries/redeliver}:
 * admins' (and access keys' whose policies allow them); the signing secret is in the
 * answers of subscribe and rotate-secret only.
 */
@RestController
class WebhookController {

	private final WebhookService webhooks;

	WebhookController(WebhookService webhooks) {
		this.webhooks = webhooks;
	}

	@Endpoint(action = CREATE, resource = "/workspaces/{ws}/webhooks")
	@PostMapping("/webhooks.subscribe")
	@ResponseStatus(HttpStatus.CREATED)
	CreatedView subscribe(@Valid @RequestBody SubscribeRequest request) {
		return CreatedView.of(this.webhooks.subscribe(request.url(), request.events(), request.headers()));
	}

	@Endpoint(action = VIEW, resource = "/workspaces/{ws}/webhooks")
	@PostMapping("/webhooks.list")
	SubscriptionList list() {
		return new SubscriptionList(this.webhooks.list().stream().map(SubscriptionView::of).toList());
	}

	@Endpoint(action = VIEW, resource = "/workspaces/{ws}/webhooks/{id}")
	@PostMapping("/webhooks.info")
	SubscriptionView info(@Valid @RequestBody IdRequest request) {
		return SubscriptionView.of(this.webhooks.info(request.id()));
	}

	@Endpoint(action = UPDATE, resource = "/workspaces/{ws}/webhooks/{id}")
	@PostMapping("/webhooks.update")
	SubscriptionView update(@Valid @RequestBody UpdateRequest request) {
		return SubscriptionView.of(this.webhooks.update(request.id(), request.url(), request.events(),
				request.headers(), request.status()));
	}

	@Endpoint(action = UPDATE, resource = "/workspaces/{ws}/webhooks/{id}")
	@PostMapping("/webhooks.unsubscribe")
	SubscriptionView unsubscribe(@Valid @RequestBody IdRequest request) {
		return SubscriptionView.of(this.webhooks.unsubscribe(request.id()));
	}

	@Endpoint(action = UPDATE, resource = "/workspaces/{ws}/webhooks/{id}")
	@PostMapping("/webhooks.rotate-secret")
	CreatedView rotateSecret(@Valid @RequestBody IdRequest request) {
		return CreatedView.of(this.webhooks.rotateSecret(request.id()));
	}

	@Endpoint(action = VIEW, resource = "/workspaces/{ws}/webhooks/{id}/deliveries")
	@PostMapping("/webhooks.deliveries")
	Page<Delivery> deliveries(@Valid @RequestBody DeliveriesRequest request) {
		return this.webhooks.deliveries(request.id(), new PageRequest(request.cursor(), request.pageSize()));
	}

	@Endpoint(action = UPDATE, resource = "/workspaces/{ws}/webhooks/deliveries/{delivery_id}")
	@PostMapping("/webhooks.redeliver")
	Delivery redeliver(@Valid @RequestBody RedeliverRequest request) {
		return this.webhooks.redeliver(request.deliveryId());
	}

	record SubscribeRequest(@NotNull @Size(min = 1, max = Targets.MAX_URL_LENGTH) String url,
			@Size(max = 10) List<@NotNull String> events,
			@Size(max = WebhookService.MAX_HEADERS) Map<String, String> headers) {
	}

	record UpdateRequest(@NotNull UUID id, @Size(min = 1, max = Targets.MAX_URL_LENGTH) String url,
			@Size(max = 10) List<@NotNull String> events,
			@Size(max = WebhookService.MAX_HEADERS) Map<String, String> headers,
			@Pattern(regexp = "Subscribed|Unsubscribed",
					message = "must be Subscribed or Unsubscribed") String status) {
	}

	record IdRequest(@NotNull UUID id) {
	}

	record DeliveriesRequest(@NotNull UUID id, String cursor, @Min(1) @Max(1000) Integer pageSize) {
	}

	record RedeliverRequest(@NotNull UUID deliveryId) {
	}

	record SubscriptionView(UUID id, String url, List<String> events, Map<String, String> headers, String status,
			Instant createdAt, Instant updatedAt) {

		static SubscriptionView of(Subscription subscription) {
			return new SubscriptionView(subscription.id(), subscription.url(), subscription.events(),
					subscription.headers(), subscription.status(), subscription.createdAt(), subscription.updatedAt());
		}

	}

	record CreatedView(UUID id, String url, List<String> events, Map<String, String> headers, String status,
			String signingSecret, Instant createdAt, Instant updatedAt) {

		static CreatedView of(WebhookService.Created created) {
			Subscription subscription = created.subscription();
			return new CreatedView(subscription.id(), subscription.url(), subscription.events(), subscription.headers(),
					subscription.status(), created.secret(), subscription.createdAt(), subscription.updatedAt());
		}

		@Override
		public String toString() {
			return "CreatedView[" + this.id + "]";
		}

	}

	record SubscriptionList(List<SubscriptionView> data) {
	}

}

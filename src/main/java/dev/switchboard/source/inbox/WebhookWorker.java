package dev.switchboard.source.inbox;

import java.time.Duration;

import dev.switchboard.common.work.DrainLoop;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Processes stored webhook events, on a platform thread: woken when events are stored,
 * polling every second otherwise, and taking the next batch at once while batches come
 * back full. One batch at a time per instance, so that the events of a conversation are
 * applied in the order they arrived and two batches never wait for each other's
 * conversation locks; instances share the work through the database.
 */
@Component
class WebhookWorker implements SmartLifecycle {

	private final DrainLoop loop;

	WebhookWorker(WebhookInbox inbox) {
		// a platform thread: under a flood of requests a virtual one would wait behind
		// them for a carrier, and the backlog would grow while the CPU serves acks
		this.loop = new DrainLoop("webhook-inbox", Duration.ofSeconds(1),
				() -> inbox.processDue(WebhookInbox.BATCH_SIZE) == WebhookInbox.BATCH_SIZE);
		inbox.onStored(this.loop::wake);
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

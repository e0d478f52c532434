package dev.switchboard.source.inbox;

import java.time.Duration;
import java.util.List;

import dev.switchboard.common.work.JobLoop;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Processes stored webhook events, on a platform thread: woken when events are stored,
 * polling every second otherwise. One batch at a time per instance, so that the events of
 * a conversation are applied in the order they arrived and two batches never wait for
 * each other's conversation locks; instances share the work through the database.
 */
@Component
class WebhookWorker implements SmartLifecycle {

	private final JobLoop<List<WebhookEvent>> loop;

	WebhookWorker(WebhookInbox inbox) {
		// a platform thread: under a flood of requests a virtual one would wait behind
		// them for a carrier, and the backlog would grow while the CPU serves acks
		this.loop = new JobLoop<>("webhook-inbox", 1, 1, Duration.ofSeconds(1), (free) -> {
			List<WebhookEvent> batch = inbox.claim(WebhookInbox.BATCH_SIZE);
			return batch.isEmpty() ? List.of() : List.of(batch);
		}, inbox::process, Thread.ofPlatform().name("webhook-inbox-", 0).daemon().factory());
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

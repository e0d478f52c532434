package dev.switchboard.source.inbox;

import java.time.Duration;

import dev.switchboard.common.work.JobLoop;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Processes stored webhook events: woken when one is stored, polling every second
 * otherwise, several at once; instances share the work through the database.
 */
@Component
class WebhookWorker implements SmartLifecycle {

	private static final int CONCURRENCY = 16;

	private final JobLoop<WebhookEvent> loop;

	WebhookWorker(WebhookInbox inbox) {
		this.loop = new JobLoop<>("webhook-worker", CONCURRENCY, Duration.ofSeconds(1), inbox::claim, inbox::process);
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

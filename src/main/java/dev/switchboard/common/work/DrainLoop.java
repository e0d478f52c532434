package dev.switchboard.common.work;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A platform thread that drains work in steps: it runs the next step at once while the
 * last one said more is waiting, and otherwise sleeps until {@link #wake()} is called or
 * the poll interval passes. For work whose claim and processing share one transaction, so
 * that the step, not a {@link JobLoop}, decides what to take.
 */
public final class DrainLoop {

	private static final Logger log = LoggerFactory.getLogger(DrainLoop.class);

	private final String name;

	private final Duration pollInterval;

	private final BooleanSupplier step;

	private final Signal signal = new Signal();

	private volatile boolean running;

	private Thread thread;

	/**
	 * Creates a loop.
	 * @param name the thread's name
	 * @param pollInterval the longest sleep without a wake-up
	 * @param step does one step of work; {@code true} when more is waiting
	 */
	public DrainLoop(String name, Duration pollInterval, BooleanSupplier step) {
		this.name = name;
		this.pollInterval = pollInterval;
		this.step = step;
	}

	/**
	 * Makes the loop take its next step now, or as soon as the current one ends.
	 */
	public void wake() {
		this.signal.raise();
	}

	public void start() {
		this.running = true;
		this.thread = Thread.ofPlatform().name(this.name).daemon().start(this::run);
	}

	/**
	 * Stops after the current step, waiting for it.
	 */
	public void stop() {
		this.running = false;
		this.signal.raise();
		try {
			this.thread.join(30_000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	public boolean isRunning() {
		return this.running;
	}

	private void run() {
		while (this.running) {
			try {
				if (!this.step.getAsBoolean()) {
					this.signal.await(this.pollInterval);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException ex) {
				log.warn("{}: a step failed; trying again", this.name, ex);
				Signal.pause(this.pollInterval);
			}
		}
	}

}

package dev.switchboard.common.work;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * A wake-up for a loop's thread: raised by anyone, awaited by the loop (one thread),
 * which sleeps at most the poll interval. Raising it while it is raised costs one
 * volatile read, so a flood of wake-ups while the loop is busy is cheap; raising it
 * otherwise takes no lock either (a monitor here had every request that committed a send
 * spin on it), only an unpark of the loop's thread.
 */
final class Signal {

	private final AtomicBoolean raised = new AtomicBoolean();

	private volatile Thread waiter;

	void raise() {
		if (this.raised.get() || this.raised.getAndSet(true)) {
			return;
		}
		Thread thread = this.waiter;
		if (thread != null) {
			LockSupport.unpark(thread);
		}
	}

	/**
	 * Waits until the signal is raised or the timeout passes, and lowers it. Only the
	 * loop's thread waits.
	 */
	void await(Duration timeout) throws InterruptedException {
		this.waiter = Thread.currentThread();
		long deadline = System.nanoTime() + timeout.toNanos();
		// a raise between the check and the park leaves the thread's permit, so the
		// park returns at once
		while (!this.raised.get()) {
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				break;
			}
			LockSupport.parkNanos(this, left);
			if (Thread.interrupted()) {
				throw new InterruptedException();
			}
		}
		this.raised.set(false);
	}

	/**
	 * Sleeps for the duration, keeping the thread's interrupt.
	 */
	static void pause(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}

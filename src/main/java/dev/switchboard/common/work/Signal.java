package dev.switchboard.common.work;

import java.time.Duration;

/**
 * A wake-up for a loop's thread: raised by anyone, awaited by the loop, which sleeps at
 * most the poll interval. Raising it while it is raised costs one volatile read, so a
 * flood of wake-ups while the loop is busy is cheap.
 */
final class Signal {

	private final Object monitor = new Object();

	private volatile boolean raised;

	void raise() {
		if (this.raised) {
			return;
		}
		synchronized (this.monitor) {
			this.raised = true;
			this.monitor.notifyAll();
		}
	}

	/**
	 * Waits until the signal is raised or the timeout passes, and lowers it.
	 */
	void await(Duration timeout) throws InterruptedException {
		synchronized (this.monitor) {
			if (!this.raised) {
				this.monitor.wait(timeout.toMillis());
			}
			this.raised = false;
		}
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

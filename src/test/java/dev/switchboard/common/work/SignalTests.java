package dev.switchboard.common.work;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SignalTests {

	private static final Duration LONG = Duration.ofMinutes(5);

	@Test
	void aRaiseWakesTheWaitingLoopAndIsLoweredByIt() throws Exception {
		Signal signal = new Signal();
		CompletableFuture<Void> woken = waitingLoop(signal);
		signal.raise();
		woken.get(30, TimeUnit.SECONDS);

		// lowered: the next wait lasts its timeout
		long start = System.nanoTime();
		signal.await(Duration.ofMillis(50));
		assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(50).toNanos());
	}

	@Test
	void aRaiseBeforeTheWaitIsNotLost() throws Exception {
		Signal signal = new Signal();
		signal.raise();
		signal.raise();
		CompletableFuture<Void> woken = CompletableFuture.runAsync(() -> {
			try {
				signal.await(LONG);
			}
			catch (InterruptedException ex) {
				throw new IllegalStateException(ex);
			}
		});
		woken.get(30, TimeUnit.SECONDS);
	}

	@Test
	void anInterruptEndsTheWait() throws Exception {
		Signal signal = new Signal();
		AtomicReference<Thread> loop = new AtomicReference<>();
		CompletableFuture<Void> woken = waitingLoop(signal, loop);
		loop.get().interrupt();
		assertThatThrownBy(() -> woken.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(InterruptedException.class);
	}

	private static CompletableFuture<Void> waitingLoop(Signal signal) {
		return waitingLoop(signal, new AtomicReference<>());
	}

	/**
	 * Starts a thread that waits for the signal, and returns once it waits; the future
	 * ends when the wait does (exceptionally when it was interrupted).
	 */
	private static CompletableFuture<Void> waitingLoop(Signal signal, AtomicReference<Thread> thread) {
		CompletableFuture<Void> woken = new CompletableFuture<>();
		Thread loop = Thread.ofPlatform().start(() -> {
			try {
				signal.await(LONG);
				woken.complete(null);
			}
			catch (InterruptedException ex) {
				woken.completeExceptionally(ex);
			}
		});
		thread.set(loop);
		while (loop.getState() != Thread.State.TIMED_WAITING) {
			Thread.onSpinWait();
		}
		return woken;
	}

}

package dev.switchboard.common.work;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SignalTests {

	private static final Duration LONG = Duration.ofMinutes(5);

	@Test
	void aRaiseWakesTheWaitingLoopAndIsLoweredByIt() throws Exception {
		Signal signal = new Signal();
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
		while (loop.getState() != Thread.State.TIMED_WAITING) {
			Thread.onSpinWait();
		}
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
		AtomicReference<Throwable> thrown = new AtomicReference<>();
		Thread loop = Thread.ofPlatform().start(() -> {
			try {
				signal.await(LONG);
			}
			catch (InterruptedException ex) {
				thrown.set(ex);
			}
		});
		while (loop.getState() != Thread.State.TIMED_WAITING) {
			Thread.onSpinWait();
		}
		loop.interrupt();
		loop.join(30_000);
		assertThat(loop.isAlive()).isFalse();
		assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
	}

}

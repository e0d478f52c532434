package dev.switchboard.common.work;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DrainLoopTests {

	@Test
	void stepsFollowEachOtherWhileWorkWaitsThenTheLoopSleepsUntilWoken() throws Exception {
		AtomicInteger waiting = new AtomicInteger(5);
		AtomicInteger steps = new AtomicInteger();
		Semaphore stepped = new Semaphore(0);
		DrainLoop loop = new DrainLoop("test-drain", Duration.ofHours(1), () -> {
			steps.incrementAndGet();
			stepped.release();
			return waiting.getAndUpdate((n) -> Math.max(0, n - 1)) > 1;
		});
		loop.start();
		try {
			assertThat(stepped.tryAcquire(5, 10, TimeUnit.SECONDS)).as("five steps without a wake-up").isTrue();
			assertThat(stepped.tryAcquire(300, TimeUnit.MILLISECONDS)).as("asleep once nothing waits").isFalse();
			assertThat(steps).hasValue(5);

			waiting.set(1);
			loop.wake();
			assertThat(stepped.tryAcquire(10, TimeUnit.SECONDS)).as("woken").isTrue();
			assertThat(stepped.tryAcquire(300, TimeUnit.MILLISECONDS)).isFalse();
		}
		finally {
			loop.stop();
		}
		assertThat(loop.isRunning()).isFalse();
	}

	@Test
	void aFailingStepIsTriedAgainAfterThePollInterval() throws Exception {
		Semaphore stepped = new Semaphore(0);
		DrainLoop loop = new DrainLoop("test-drain", Duration.ofMillis(50), () -> {
			stepped.release();
			throw new IllegalStateException("the database is away");
		});
		loop.start();
		try {
			assertThat(stepped.tryAcquire(3, 10, TimeUnit.SECONDS)).isTrue();
		}
		finally {
			loop.stop();
		}
	}

}

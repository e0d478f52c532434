package dev.switchboard.common.work;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class GroupCommitTests {

	@Test
	void itemsHandedInWhileABatchIsWrittenGoTogetherInTheNextAndEachCallerReturnsOnceItsOwnIsWritten()
			throws Exception {
		CountDownLatch firstWriteMayEnd = new CountDownLatch(1);
		List<List<Integer>> batches = new CopyOnWriteArrayList<>();
		GroupCommit<Integer> commit = new GroupCommit<>(100, (batch) -> {
			batches.add(batch);
			if (batches.size() == 1) {
				waitFor(firstWriteMayEnd);
			}
		});
		Thread first = Thread.ofPlatform().start(() -> commit.submit(0));
		await().atMost(Duration.ofSeconds(10)).until(() -> batches.size() == 1);

		List<Thread> others = new ArrayList<>();
		for (int i = 1; i <= 20; i++) {
			int item = i;
			others.add(Thread.ofPlatform().start(() -> commit.submit(item)));
		}
		// every other caller has queued its item and waits for it to be written
		await().atMost(Duration.ofSeconds(10))
			.until(() -> others.stream().allMatch((thread) -> thread.getState() == Thread.State.WAITING));
		assertThat(batches).hasSize(1);
		firstWriteMayEnd.countDown();
		first.join(10_000);
		for (Thread thread : others) {
			thread.join(10_000);
			assertThat(thread.isAlive()).isFalse();
		}

		assertThat(batches).hasSize(2);
		assertThat(batches.get(0)).containsExactly(0);
		assertThat(batches.get(1)).hasSize(20).containsExactlyInAnyOrderElementsOf(range(1, 20));
	}

	@Test
	void aBatchThatFailsFailsItsCallersOnlyAndLaterItemsAreWritten() {
		List<Integer> written = new CopyOnWriteArrayList<>();
		GroupCommit<Integer> commit = new GroupCommit<>(10, (batch) -> {
			if (batch.contains(13)) {
				throw new IllegalStateException("cannot write 13");
			}
			written.addAll(batch);
		});

		commit.submit(1);
		assertThatThrownBy(() -> commit.submit(13)).hasRootCauseMessage("cannot write 13");
		commit.submit(2);

		assertThat(written).containsExactly(1, 2);
	}

	@Test
	void noBatchIsLargerThanTheMaximum() throws Exception {
		CountDownLatch firstWriteMayEnd = new CountDownLatch(1);
		List<List<Integer>> batches = new CopyOnWriteArrayList<>();
		GroupCommit<Integer> commit = new GroupCommit<>(3, (batch) -> {
			batches.add(batch);
			if (batches.size() == 1) {
				waitFor(firstWriteMayEnd);
			}
		});
		List<Thread> threads = new ArrayList<>();
		threads.add(Thread.ofPlatform().start(() -> commit.submit(0)));
		await().atMost(Duration.ofSeconds(10)).until(() -> batches.size() == 1);
		for (int i = 1; i <= 7; i++) {
			int item = i;
			threads.add(Thread.ofPlatform().start(() -> commit.submit(item)));
		}
		await().atMost(Duration.ofSeconds(10))
			.until(() -> threads.subList(1, threads.size())
				.stream()
				.allMatch((thread) -> thread.getState() == Thread.State.WAITING));
		firstWriteMayEnd.countDown();
		for (Thread thread : threads) {
			thread.join(10_000);
		}

		assertThat(batches).allMatch((batch) -> batch.size() <= 3);
		assertThat(batches.stream().flatMap(List::stream)).containsExactlyInAnyOrderElementsOf(range(0, 7));
		assertThat(batches).hasSize(4);
	}

	private static List<Integer> range(int from, int to) {
		List<Integer> items = new ArrayList<>();
		for (int i = from; i <= to; i++) {
			items.add(i);
		}
		return items;
	}

	private static void waitFor(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}

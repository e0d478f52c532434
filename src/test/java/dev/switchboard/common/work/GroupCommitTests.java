package dev.switchboard.common.work;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class GroupCommitTests {

	@Test
	void itemsThatQueueWhileAWriteRunsAreWrittenTogetherAndEachSubmitterGetsItsOwnResult() throws Exception {
		CountDownLatch firstWriteHeld = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		List<List<Integer>> writes = Collections.synchronizedList(new ArrayList<>());
		try (GroupCommit<Integer, String> group = new GroupCommit<>("test", 1, 100, (items) -> {
			writes.add(items);
			if (writes.size() == 1) {
				firstWriteHeld.countDown();
				await(release);
			}
			return items.stream().map((item) -> "written " + item).toList();
		}); ExecutorService submitters = Executors.newVirtualThreadPerTaskExecutor()) {
			Future<String> first = submitters.submit(() -> group.submit(0));
			firstWriteHeld.await(10, TimeUnit.SECONDS);
			List<Future<String>> others = new ArrayList<>();
			for (int i = 1; i <= 20; i++) {
				int item = i;
				others.add(submitters.submit(() -> group.submit(item)));
			}
			waitUntilQueued(group, 20);
			release.countDown();

			assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("written 0");
			for (int i = 1; i <= 20; i++) {
				assertThat(others.get(i - 1).get(10, TimeUnit.SECONDS)).isEqualTo("written " + i);
			}
		}
		assertThat(writes).hasSize(2);
		assertThat(writes.get(1)).as("all that queued while the first write ran, in one write")
			.containsExactlyInAnyOrderElementsOf(
					List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20));
	}

	@Test
	void aWriteTakesNoMoreThanItsBound() throws Exception {
		CountDownLatch firstWriteHeld = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
		try (GroupCommit<Integer, Integer> group = new GroupCommit<>("test", 1, 5, (items) -> {
			sizes.add(items.size());
			if (sizes.size() == 1) {
				firstWriteHeld.countDown();
				await(release);
			}
			return items;
		}); ExecutorService submitters = Executors.newVirtualThreadPerTaskExecutor()) {
			List<Future<Integer>> results = new ArrayList<>();
			results.add(submitters.submit(() -> group.submit(0)));
			firstWriteHeld.await(10, TimeUnit.SECONDS);
			for (int i = 1; i <= 12; i++) {
				int item = i;
				results.add(submitters.submit(() -> group.submit(item)));
			}
			waitUntilQueued(group, 12);
			release.countDown();
			for (int i = 0; i <= 12; i++) {
				assertThat(results.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(i);
			}
		}
		assertThat(sizes).containsExactly(1, 5, 5, 2);
	}

	@Test
	void aFailedWriteFailsItsOwnSubmittersOnly() {
		try (GroupCommit<Integer, Integer> group = new GroupCommit<>("test", 2, 10, (items) -> {
			if (items.contains(13)) {
				throw new IllegalStateException("refused");
			}
			return items;
		})) {
			assertThatIllegalStateException().isThrownBy(() -> group.submit(13)).withMessage("refused");
			assertThat(group.submit(14)).isEqualTo(14);
		}
	}

	@Test
	void afterCloseASubmitterWritesItsOwnItem() {
		List<String> writers = Collections.synchronizedList(new ArrayList<>());
		GroupCommit<Integer, Integer> group = new GroupCommit<>("test", 2, 10, (items) -> {
			writers.add(Thread.currentThread().getName());
			return items;
		});
		assertThat(group.submit(1)).isEqualTo(1);
		group.close();

		assertThat(group.submit(2)).isEqualTo(2);
		assertThat(writers).hasSize(2);
		assertThat(writers.get(0)).startsWith("test-");
		assertThat(writers.get(1)).isEqualTo(Thread.currentThread().getName());
	}

	private static void waitUntilQueued(GroupCommit<?, ?> group, int items) throws InterruptedException {
		for (int i = 0; i < 1000 && group.queued() < items; i++) {
			Thread.sleep(10);
		}
		assertThat(group.queued()).isEqualTo(items);
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}

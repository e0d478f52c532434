package dev.switchboard.common.work;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class JobLoopTests {

	@Test
	void whileABacklogWaitsJobsAreClaimedABatchAtATimeAndEachIsProcessedOnce() {
		AtomicInteger next = new AtomicInteger();
		int total = 30;
		// asked for, found
		List<int[]> claims = new CopyOnWriteArrayList<>();
		Map<Integer, AtomicInteger> processed = new ConcurrentHashMap<>();
		Semaphore mayFinish = new Semaphore(0);
		JobLoop<Integer> loop = new JobLoop<>("test-loop", 8, 4, Duration.ofSeconds(1), (limit) -> {
			List<Integer> jobs = new ArrayList<>();
			while (jobs.size() < limit && next.get() < total) {
				jobs.add(next.getAndIncrement());
			}
			claims.add(new int[] { limit, jobs.size() });
			return jobs;
		}, (job) -> {
			mayFinish.acquireUninterruptibly();
			processed.computeIfAbsent(job, (key) -> new AtomicInteger()).incrementAndGet();
		});
		loop.start();
		try {
			// jobs end one at a time
			for (int i = 0; i < total; i++) {
				mayFinish.release();
				int done = i + 1;
				await().atMost(Duration.ofSeconds(10))
					.until(() -> processed.values().stream().mapToInt(AtomicInteger::get).sum() == done);
			}
		}
		finally {
			loop.stop();
		}

		assertThat(processed).hasSize(total);
		assertThat(processed.values()).allMatch((count) -> count.get() == 1);
		assertThat(claims.get(0)).containsExactly(8, 8);
		for (int i = 1; i < claims.size(); i++) {
			int[] before = claims.get(i - 1);
			if (before[1] == before[0]) {
				assertThat(claims.get(i)[0]).as("a claim while the backlog waits").isGreaterThanOrEqualTo(4);
			}
		}
	}

}

package dev.switchboard.common.work;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntFunction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loop that claims due jobs (as many as it has free slots) and processes each on a
 * virtual thread; it sleeps until the poll interval passes or {@link #wake()} is called.
 * Claiming is the caller's business (typically {@code FOR UPDATE SKIP LOCKED} with a
 * lease), so several instances can share one table of jobs.
 *
 * @param <T> the claimed job
 */
public final class JobLoop<T> {

	private static final Logger log = LoggerFactory.getLogger(JobLoop.class);

	private final String name;

	private final IntFunction<List<T>> claim;

	private final Consumer<T> process;

	private final Semaphore slots;

	private final int claimBatch;

	// the last claim found as many due jobs as it asked for: more are waiting
	private boolean backlogged;

	private final ThreadFactory workers;

	// claims on a thread of its own: the next claim at once while the last one found
	// jobs, else a sleep until woken
	private final DrainLoop loop;

	private ExecutorService executor;

	/**
	 * Creates a loop.
	 * @param name the thread name
	 * @param concurrency jobs processed at once
	 * @param pollInterval the longest sleep without a wake-up
	 * @param claim claims up to the given number of due jobs
	 * @param process processes one job; it should not throw (a throw is logged)
	 */
	public JobLoop(String name, int concurrency, Duration pollInterval, IntFunction<List<T>> claim,
			Consumer<T> process) {
		this(name, concurrency, 1, pollInterval, claim, process, null);
	}

	/**
	 * Creates a loop that, while due jobs are waiting, claims them only once at least
	 * {@code claimBatch} slots are free, so that a backlog costs one claim per batch
	 * rather than one per job; without a backlog it claims as soon as a slot is free.
	 * @param name the thread name
	 * @param concurrency jobs processed at once
	 * @param claimBatch the fewest jobs claimed at once while a backlog waits
	 * @param pollInterval the longest sleep without a wake-up
	 * @param claim claims up to the given number of due jobs
	 * @param process processes one job; it should not throw (a throw is logged)
	 */
	public JobLoop(String name, int concurrency, int claimBatch, Duration pollInterval, IntFunction<List<T>> claim,
			Consumer<T> process) {
		this(name, concurrency, claimBatch, pollInterval, claim, process, null);
	}

	/**
	 * Creates a loop that claims in batches while a backlog waits (see above) and
	 * processes jobs on threads of its own (reused while busy), for work that must not
	 * wait behind the application's virtual threads for a carrier: on a saturated machine
	 * a virtual thread that is ready to run queues behind every other one, where the
	 * operating system gives a platform thread its share of the CPU.
	 * @param name the thread name, and the prefix of the workers' names
	 * @param concurrency jobs processed at once (and at most as many workers)
	 * @param claimBatch the fewest jobs claimed at once while a backlog waits
	 * @param pollInterval the longest sleep without a wake-up
	 * @param claim claims up to the given number of due jobs
	 * @param process processes one job; it should not throw (a throw is logged)
	 * @param workers makes the workers' threads, or {@code null} for a virtual thread per
	 * job
	 */
	public JobLoop(String name, int concurrency, int claimBatch, Duration pollInterval, IntFunction<List<T>> claim,
			Consumer<T> process, ThreadFactory workers) {
		this.workers = workers;
		this.name = name;
		this.claimBatch = Math.max(1, Math.min(claimBatch, concurrency));
		this.loop = new DrainLoop(name, pollInterval, this::claimOnce);
		this.claim = claim;
		this.process = process;
		this.slots = new Semaphore(concurrency);
	}

	/**
	 * Makes the loop look for due jobs now.
	 */
	public void wake() {
		this.loop.wake();
	}

	public void start() {
		this.executor = (this.workers != null) ? Executors.newCachedThreadPool(this.workers)
				: Executors.newVirtualThreadPerTaskExecutor();
		this.loop.start();
	}

	/**
	 * Stops claiming and waits for the jobs in progress; jobs still running after the
	 * wait are claimed again (by any instance) when their lease runs out.
	 */
	public void stop() {
		this.loop.stop();
		try {
			this.executor.shutdown();
			if (!this.executor.awaitTermination(30, TimeUnit.SECONDS)) {
				log.warn("{}: jobs still running at shutdown; they are claimed again after their lease", this.name);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	public boolean isRunning() {
		return this.loop.isRunning();
	}

	/**
	 * Claims as many due jobs as there are free slots (while a backlog waits, only once
	 * enough are free) and hands each to a worker.
	 * @return whether it claimed any
	 */
	private boolean claimOnce() {
		int free = this.slots.availablePermits();
		boolean claim = (free > 0) && (!this.backlogged || free >= this.claimBatch);
		List<T> jobs = claim ? this.claim.apply(free) : List.of();
		if (claim) {
			this.backlogged = jobs.size() == free;
		}
		for (T job : jobs) {
			// never waits: only this thread takes slots, and it counted them free
			this.slots.acquireUninterruptibly();
			this.executor.submit(() -> {
				try {
					this.process.accept(job);
				}
				catch (RuntimeException ex) {
					log.warn("{}: a job failed", this.name, ex);
				}
				finally {
					this.slots.release();
					wake();
				}
			});
		}
		return !jobs.isEmpty();
	}

}

package dev.switchboard.common.work;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes what many threads submit together: each writer takes everything that queued up
 * while it was busy (up to a bound) and writes it in one go, typically one transaction,
 * and every submitter waits for the write that holds its item. Under load a commit serves
 * many requests instead of one; with nothing else waiting an item is written at once,
 * alone.
 * <p>
 * Writers are platform threads started with the object and ended by {@link #close()}
 * (under a flood of requests a virtual writer would wait behind the requests' virtual
 * threads for a carrier, and every one of them waits for it); after that, a submitter
 * writes its own item.
 *
 * @param <T> what is submitted
 * @param <R> what the write gives back for each item
 */
public final class GroupCommit<T, R> implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

	private final Function<List<T>, List<R>> write;

	private final int maxBatch;

	private final LinkedBlockingQueue<Submitted<T, R>> queue = new LinkedBlockingQueue<>();

	private final List<Thread> writers = new ArrayList<>();

	private volatile boolean closed;

	/**
	 * Starts the writers.
	 * @param name the writers' thread name
	 * @param writers how many write at once
	 * @param maxBatch the most items one write takes
	 * @param write writes items together and returns a result for each, in order; a throw
	 * fails every item of the write
	 */
	public GroupCommit(String name, int writers, int maxBatch, Function<List<T>, List<R>> write) {
		this.write = write;
		this.maxBatch = maxBatch;
		for (int i = 0; i < writers; i++) {
			this.writers.add(Thread.ofPlatform().name(name + "-" + i).daemon().start(this::run));
		}
	}

	/**
	 * Submits an item and waits until it is written.
	 * @return what the write gave back for it
	 * @throws RuntimeException what the write threw
	 */
	public R submit(T item) {
		if (this.closed) {
			return this.write.apply(List.of(item)).get(0);
		}
		Submitted<T, R> submitted = new Submitted<>(item, new CompletableFuture<>());
		this.queue.add(submitted);
		if (this.closed && this.queue.remove(submitted)) {
			// closed meanwhile, before a writer took it
			return this.write.apply(List.of(item)).get(0);
		}
		try {
			return submitted.result().join();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof RuntimeException runtime) {
				throw runtime;
			}
			if (ex.getCause() instanceof Error error) {
				throw error;
			}
			throw ex;
		}
	}

	/**
	 * How many items wait for a writer (for tests and gauges).
	 */
	public int queued() {
		return this.queue.size();
	}

	/**
	 * Stops the writers once the items they hold are written; items still queued are
	 * written here. A writer is never interrupted: that would break its database
	 * connection mid-write.
	 */
	@Override
	public void close() {
		this.closed = true;
		this.writers.forEach((writer) -> this.queue.add(stop()));
		for (Thread writer : this.writers) {
			try {
				writer.join(10_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
		List<Submitted<T, R>> left = new ArrayList<>();
		this.queue.drainTo(left);
		left.stream()
			.filter((submitted) -> submitted.result() != null)
			.forEach((submitted) -> write(List.of(submitted)));
	}

	private void run() {
		List<Submitted<T, R>> batch = new ArrayList<>(this.maxBatch);
		while (true) {
			try {
				batch.add(this.queue.take());
			}
			catch (InterruptedException ex) {
				return;
			}
			this.queue.drainTo(batch, this.maxBatch - 1);
			long stops = batch.stream().filter((submitted) -> submitted.result() == null).count();
			batch.removeIf((submitted) -> submitted.result() == null);
			if (!batch.isEmpty()) {
				write(batch);
			}
			batch.clear();
			if (stops > 0) {
				// the other writers' stops go back for them
				for (long i = 1; i < stops; i++) {
					this.queue.add(stop());
				}
				return;
			}
		}
	}

	/** What tells a writer to stop: no item, no result. */
	private static <T, R> Submitted<T, R> stop() {
		return new Submitted<>(null, null);
	}

	private void write(List<Submitted<T, R>> batch) {
		try {
			List<R> results = this.write.apply(batch.stream().map(Submitted::item).toList());
			for (int i = 0; i < batch.size(); i++) {
				batch.get(i).result().complete(results.get(i));
			}
		}
		catch (Throwable ex) {
			// every submitter hears of it; the writer goes on with the next items
			log.debug("A group write of {} items failed", batch.size(), ex);
			batch.forEach((submitted) -> submitted.result().completeExceptionally(ex));
		}
	}

	private record Submitted<T, R>(T item, CompletableFuture<R> result) {
	}

}

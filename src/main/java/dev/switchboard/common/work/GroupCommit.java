package dev.switchboard.common.work;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Writes what many threads hand in, in batches: each caller adds its item and returns
 * once the batch it went into is written. One caller at a time writes every item queued
 * so far (up to a batch) while the others wait, so under load one transaction carries
 * many items, and alone an item is written at once, with no timer.
 *
 * @param <T> what is written
 */
public final class GroupCommit<T> {

	private final int maxBatch;

	private final Consumer<List<T>> write;

	private final Queue<Pending<T>> queue = new ConcurrentLinkedQueue<>();

	private final AtomicBoolean writing = new AtomicBoolean();

	/**
	 * @param maxBatch the most items written at once
	 * @param write writes a batch; what it throws fails every caller of that batch
	 */
	public GroupCommit(int maxBatch, Consumer<List<T>> write) {
		this.maxBatch = maxBatch;
		this.write = write;
	}

	/**
	 * Adds the item to the next batch and waits until that batch is written.
	 * @throws RuntimeException what writing the batch threw
	 */
	public void submit(T item) {
		Pending<T> pending = new Pending<>(item, new CompletableFuture<>());
		this.queue.add(pending);
		writeWhileQueued();
		pending.written().join();
	}

	/**
	 * Writes batches while items are queued and no one else writes. An item queued while
	 * another caller writes is taken by that writer: it looks at the queue again after it
	 * lets go, so no item waits for a writer that has left.
	 */
	private void writeWhileQueued() {
		while (!this.queue.isEmpty() && this.writing.compareAndSet(false, true)) {
			try {
				List<Pending<T>> batch = new ArrayList<>();
				for (Pending<T> next; batch.size() < this.maxBatch && (next = this.queue.poll()) != null;) {
					batch.add(next);
				}
				write(batch);
			}
			finally {
				this.writing.set(false);
			}
		}
	}

	private void write(List<Pending<T>> batch) {
		try {
			this.write.accept(batch.stream().map(Pending::item).toList());
			batch.forEach((pending) -> pending.written().complete(null));
		}
		catch (Throwable ex) {
			// each caller of the batch sees it; the writer goes on with the items queued
			// since
			batch.forEach((pending) -> pending.written().completeExceptionally(ex));
		}
	}

	private record Pending<T>(T item, CompletableFuture<Void> written) {
	}

}

package dev.switchboard.common;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiPredicate;
import java.util.function.Function;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A small per-instance cache whose entries are kept for a fixed time: what a request
 * checks on every call (a member, an access key) costs a query only once per key and
 * period. Changes drop the entries they concern as they commit; other instances see them
 * when their entries expire. When it holds {@code maxEntries} it starts again empty, so
 * it never grows without bound.
 *
 * @param <K> the key
 * @param <V> the value ({@code null} is not cached; wrap absence in an {@code Optional})
 */
public final class ExpiringCache<K, V> {

	private final ConcurrentMap<K, Entry<V>> entries = new ConcurrentHashMap<>();

	private final Duration ttl;

	private final int maxEntries;

	private final Clock clock;

	public ExpiringCache(Duration ttl, int maxEntries, Clock clock) {
		this.ttl = ttl;
		this.maxEntries = maxEntries;
		this.clock = clock;
	}

	/**
	 * The value for the key, loaded when it is not kept or has expired.
	 */
	public V get(K key, Function<K, V> loader) {
		Instant now = this.clock.instant();
		Entry<V> entry = this.entries.get(key);
		if (entry != null && entry.expiresAt().isAfter(now)) {
			return entry.value();
		}
		V value = loader.apply(key);
		if (this.entries.size() >= this.maxEntries) {
			this.entries.clear();
		}
		this.entries.put(key, new Entry<>(value, now.plus(this.ttl)));
		return value;
	}

	/**
	 * The value for the key when it is kept and has not expired.
	 */
	public Optional<V> getIfPresent(K key) {
		Entry<V> entry = this.entries.get(key);
		return (entry != null && entry.expiresAt().isAfter(this.clock.instant())) ? Optional.of(entry.value())
				: Optional.empty();
	}

	public void remove(K key) {
		this.entries.remove(key);
	}

	/**
	 * Drops the key's entry now and again when the current transaction ends, so that a
	 * look-up made while the change was in flight does not keep the old value.
	 */
	public void forget(K key) {
		remove(key);
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCompletion(int status) {
					remove(key);
				}
			});
		}
	}

	/**
	 * Drops the entries the predicate picks.
	 */
	public void removeIf(BiPredicate<K, V> which) {
		this.entries.entrySet().removeIf((entry) -> which.test(entry.getKey(), entry.getValue().value()));
	}

	private record Entry<V>(V value, Instant expiresAt) {
	}

}

package dev.switchboard.common.pagination;

import java.util.List;
import java.util.function.Function;

/**
 * A page of a paginated endpoint, as the contract shapes it.
 *
 * @param <T> the item type
 * @param data the items
 * @param responseMetadata cursors and counts
 */
public record Page<T>(List<T> data, ResponseMetadata responseMetadata) implements Paginated {

	/**
	 * Cursors ({@code ""} when there is no such page) and counts.
	 *
	 * @param previousCursor the cursor of the page before, or {@code ""}
	 * @param nextCursor the cursor of the page after, or {@code ""}
	 * @param filteredTotal items matching the request's filters
	 * @param total all items of the collection
	 */
	public record ResponseMetadata(String previousCursor, String nextCursor, long filteredTotal,
			long total) implements Paginated.Metadata {

	}

	public <R> Page<R> map(Function<? super T, ? extends R> mapper) {
		return new Page<>(this.data.stream().<R>map(mapper).toList(), this.responseMetadata);
	}

}

package dev.switchboard.common.pagination;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

import dev.switchboard.common.pagination.Cursor.Direction;

/**
 * Assembles a {@link Page} from rows read by a keyset query.
 * <p>
 * The query reads {@code size + 1} rows from the cursor's position in the cursor's
 * direction (the list's own order when forward, its reverse when backward); the extra row
 * only tells whether there is more that way.
 */
public final class KeysetPages {

	private KeysetPages() {
	}

	/**
	 * Builds the page.
	 * @param <T> the row type
	 * @param kind the cursor kind of this list
	 * @param request the page request
	 * @param cursor the decoded request cursor, or {@code null} for the first page
	 * @param rows up to {@code size + 1} rows in reading order
	 * @param key the sort key of a row, as strings
	 * @param cursors the cursor codec
	 * @param filteredTotal rows matching the filters
	 * @param total all rows of the collection
	 */
	public static <T> Page<T> page(String kind, PageRequest request, Cursor cursor, List<T> rows,
			Function<T, List<String>> key, Cursors cursors, long filteredTotal, long total) {
		int size = request.size();
		boolean more = rows.size() > size;
		List<T> items = new ArrayList<>(more ? rows.subList(0, size) : rows);
		boolean backward = cursor != null && cursor.direction() == Direction.BACKWARD;
		if (backward) {
			Collections.reverse(items);
		}
		List<String> firstKey = items.isEmpty() ? (cursor != null ? cursor.key() : null) : key.apply(items.get(0));
		List<String> lastKey = items.isEmpty() ? (cursor != null ? cursor.key() : null)
				: key.apply(items.get(items.size() - 1));
		boolean hasPrevious = backward ? more : cursor != null;
		boolean hasNext = backward || more;
		String previous = (hasPrevious && firstKey != null)
				? cursors.encode(new Cursor(kind, Direction.BACKWARD, firstKey)) : "";
		String next = (hasNext && lastKey != null) ? cursors.encode(new Cursor(kind, Direction.FORWARD, lastKey)) : "";
		return new Page<>(List.copyOf(items), new Page.ResponseMetadata(previous, next, filteredTotal, total));
	}

}

package dev.switchboard.common.pagination;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * Cursor and page size of a list request.
 *
 * @param cursor a cursor from an earlier page, or {@code null}/{@code ""} for the first
 * @param pageSize 1 to 1000, 20 when absent
 */
public record PageRequest(String cursor, @Min(1) @Max(1000) Integer pageSize) {

	public static final int DEFAULT_SIZE = 20;

	public static PageRequest first() {
		return new PageRequest(null, null);
	}

	public int size() {
		return (this.pageSize != null) ? this.pageSize : DEFAULT_SIZE;
	}

	public boolean hasCursor() {
		return this.cursor != null && !this.cursor.isEmpty();
	}

}

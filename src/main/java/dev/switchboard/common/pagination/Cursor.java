package dev.switchboard.common.pagination;

import java.util.List;

/**
 * A decoded cursor: a position in a keyset ordering and which way to read from it.
 *
 * @param kind what the cursor pages through (a cursor of one list is refused by another)
 * @param direction forward (the page after the position) or backward (the page before)
 * @param key the sort key values of the row at the position, as strings
 */
public record Cursor(String kind, Direction direction, List<String> key) {

	public enum Direction {

		FORWARD, BACKWARD

	}

}

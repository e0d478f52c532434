package dev.switchboard.common.pagination;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A paginated response. Beside the contract's {@code response_metadata} every one also
 * answers {@code pagination_data}, the shape Airy's clients page with, so this is the one
 * place it is built.
 */
public interface Paginated {

	/**
	 * The cursors and counts of the page.
	 */
	Metadata responseMetadata();

	/**
	 * The page's cursors as Airy writes them ({@code null} when there is no such page)
	 * and, as {@code total}, the items matching the request's filters.
	 */
	@JsonProperty(value = "pagination_data", access = JsonProperty.Access.READ_ONLY)
	default PaginationData paginationData() {
		Metadata metadata = responseMetadata();
		return new PaginationData(orNull(metadata.previousCursor()), orNull(metadata.nextCursor()),
				metadata.filteredTotal());
	}

	private static String orNull(String cursor) {
		return (cursor == null || cursor.isEmpty()) ? null : cursor;
	}

	/**
	 * What {@code response_metadata} holds on every paginated response.
	 */
	interface Metadata {

		/** The cursor of the page before, or {@code ""}. */
		String previousCursor();

		/** The cursor of the page after, or {@code ""}. */
		String nextCursor();

		/** Items matching the request's filters. */
		long filteredTotal();

		/** All items of the collection. */
		long total();

	}

	/**
	 * Airy's pagination block.
	 *
	 * @param previousCursor the cursor of the page before, or {@code null}
	 * @param nextCursor the cursor of the page after, or {@code null}
	 * @param total items matching the request's filters
	 */
	record PaginationData(String previousCursor, String nextCursor, long total) {

	}

}

package dev.switchboard.common.web;

import java.util.List;

import org.springframework.util.unit.DataSize;

/**
 * A request body limit other than the API's 1 MiB, for some paths: a feature declares one
 * as a bean (platform webhooks deliver batches larger than any API request).
 *
 * @param paths exact request paths, prefixes ending in {@code /**} for every path below
 * them, or {@code /prefix/*} for every path one segment below the prefix
 * @param limit the largest body accepted on them
 */
public record BodyLimit(List<String> paths, DataSize limit) {

	public static BodyLimit of(DataSize limit, String... paths) {
		return new BodyLimit(List.of(paths), limit);
	}

}

package dev.switchboard.realtime;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.switchboard.common.pagination.Page;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code events.list}: what a reconnecting agent missed, oldest first. Event ids are
 * dense and increasing, so {@code after_id} of the last event seen is the position to
 * resume from.
 */
@RestController
class EventController {

	private final EventStore events;

	private final JsonMapper json;

	EventController(EventStore events, JsonMapper json) {
		this.events = events;
		this.json = json;
	}

	@PostMapping("/events.list")
	Page<JsonNode> list(@Valid @RequestBody(required = false) ListRequest request) {
		long after = (request != null && request.afterId() != null) ? request.afterId() : 0;
		int size = (request != null && request.pageSize() != null) ? request.pageSize() : 100;
		List<EventRow> rows = this.events.after(after, size + 1);
		boolean more = rows.size() > size;
		List<JsonNode> data = rows.stream()
			.limit(size)
			.map((row) -> this.json.readTree(EventBroadcaster.agentEvent(row, this.json)))
			.toList();
		long last = this.events.lastPosition();
		long first = this.events.firstPosition();
		long total = (first == 0) ? 0 : last - first + 1;
		String next = more ? Long.toString(rows.get(size - 1).position()) : "";
		return new Page<>(data, new Page.ResponseMetadata(Long.toString(after), next,
				(first == 0) ? 0 : Math.max(0, last - Math.max(after, first - 1)), total));
	}

	record ListRequest(@Min(0) Long afterId, @Min(1) @Max(1000) Integer pageSize) {
	}

}

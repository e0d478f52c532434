package dev.switchboard.realtime;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.switchboard.common.pagination.Page;
import dev.switchboard.common.security.Action;
import dev.switchboard.common.security.CurrentMember;
import dev.switchboard.common.security.Endpoint;
import dev.switchboard.common.security.Member;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code events.list}: what a reconnecting agent missed in their workspace, oldest first;
 * an agent gets only the events of conversations they see. Event ids increase in commit
 * order, so {@code after_id} of the last event seen is the position to resume from.
 */
@RestController
class EventController {

	private final EventStore events;

	private final JsonMapper json;

	EventController(EventStore events, JsonMapper json) {
		this.events = events;
		this.json = json;
	}

	@Endpoint(action = Action.VIEW, resource = "/workspaces/{ws}/events")
	@PostMapping("/events.list")
	Page<JsonNode> list(@Valid @RequestBody(required = false) ListRequest request) {
		long after = (request != null) ? request.after() : 0;
		int size = (request != null && request.pageSize() != null) ? request.pageSize() : 100;
		Member member = CurrentMember.get();
		List<EventRow> rows = this.events.after(member, after, size + 1);
		boolean more = rows.size() > size;
		List<JsonNode> data = rows.stream()
			.limit(size)
			.map((row) -> this.json.readTree(EventBroadcaster.agentEvent(row, this.json)))
			.toList();
		long[] counts = this.events.count(member, after);
		String next = more ? Long.toString(rows.get(size - 1).position()) : "";
		return new Page<>(data, new Page.ResponseMetadata(Long.toString(after), next, counts[1], counts[0]));
	}

	/**
	 * @param afterId the id of the last event seen
	 * @param cursor a {@code next_cursor} from an earlier page, instead of
	 * {@code after_id}
	 * @param pageSize 1 to 1000, 100 when absent
	 */
	record ListRequest(@Min(0) Long afterId,
			@Pattern(regexp = "\\d{0,18}", message = "must be a next_cursor of this list") String cursor,
			@Min(1) @Max(1000) Integer pageSize) {

		long after() {
			if (this.cursor != null && !this.cursor.isEmpty()) {
				return Long.parseLong(this.cursor);
			}
			return (this.afterId != null) ? this.afterId : 0;
		}

	}

}

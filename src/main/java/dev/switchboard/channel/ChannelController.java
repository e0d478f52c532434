package dev.switchboard.channel;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import tools.jackson.databind.JsonNode;

import dev.switchboard.common.error.BadRequestException;
import dev.switchboard.common.security.Action;
import dev.switchboard.common.security.Endpoint;
import dev.switchboard.common.security.PlatformToken;
import dev.switchboard.common.web.Empty;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code channels.list/info/update}, the generic
 * {@code channels.connect/disconnect/explore} and each source's
 * {@code channels.<source>.connect/disconnect} (and {@code .explore}), which
 * {@link SourceEndpoints} maps here for every connector: all dispatch to the source's
 * {@link ChannelConnector}.
 */
@RestController
class ChannelController {

	private final ChannelService channels;

	ChannelController(ChannelService channels) {
		this.channels = channels;
	}

	@Endpoint(action = Action.VIEW, resource = "/workspaces/{ws}/channels")
	@PostMapping("/channels.list")
	ChannelList list(@Valid @RequestBody(required = false) ListRequest request) {
		return new ChannelList(this.channels.listConnected((request != null) ? request.source() : null));
	}

	@Endpoint(action = Action.VIEW, resource = "/workspaces/{ws}/channels/{channel_id}")
	@PostMapping("/channels.info")
	ChannelView info(@Valid @RequestBody ChannelIdRequest request) {
		return this.channels.find(request.channelId());
	}

	@Endpoint(action = Action.UPDATE, resource = "/workspaces/{ws}/channels/{channel_id}")
	@PostMapping("/channels.update")
	ChannelView update(@Valid @RequestBody UpdateRequest request) {
		return this.channels.update(request.channelId(), request.name(), request.imageUrl(), request.division());
	}

	@Endpoint(action = Action.CREATE, resource = "/workspaces/{ws}/channels")
	@PostMapping("/channels.connect")
	ChannelView connect(@RequestBody JsonNode body) {
		JsonNode source = body.path("source");
		if (!source.isString() || source.asString().isBlank()) {
			throw new BadRequestException("source: must name the source to connect");
		}
		return this.channels.connect(source.asString(), body);
	}

	@Endpoint(action = Action.DELETE, resource = "/workspaces/{ws}/channels/{channel_id}")
	@PostMapping("/channels.disconnect")
	ResponseEntity<Empty> disconnect(@Valid @RequestBody ChannelIdRequest request) {
		return disconnected(this.channels.disconnect(null, request.channelId()));
	}

	@Endpoint(action = Action.VIEW, resource = "/workspaces/{ws}/sources/{source}/accounts")
	@PostMapping("/channels.explore")
	ExploreResponse explore(@Valid @RequestBody ExploreRequest request) {
		return new ExploreResponse(this.channels.explore(request.source(), request.token()));
	}

	/** {@code channels.<source>.connect}, mapped by {@link SourceEndpoints}. */
	@Endpoint(action = Action.CREATE, resource = "/workspaces/{ws}/channels", name = "channels.<source>.connect")
	ChannelView connectSource(HttpServletRequest request, @RequestBody JsonNode body) {
		return this.channels.connect(SourceEndpoints.source(request), body);
	}

	/** {@code channels.<source>.disconnect}, mapped by {@link SourceEndpoints}. */
	@Endpoint(action = Action.DELETE, resource = "/workspaces/{ws}/channels/{channel_id}",
			name = "channels.<source>.disconnect")
	ResponseEntity<Empty> disconnectSource(HttpServletRequest request, @Valid @RequestBody ChannelIdRequest body) {
		return disconnected(this.channels.disconnect(SourceEndpoints.source(request), body.channelId()));
	}

	/** {@code channels.<source>.explore}, mapped by {@link SourceEndpoints}. */
	@Endpoint(action = Action.VIEW, resource = "/workspaces/{ws}/sources/{source}/accounts",
			name = "channels.<source>.explore")
	ExploreResponse exploreSource(HttpServletRequest request, @Valid @RequestBody SourceExploreRequest body) {
		return new ExploreResponse(this.channels.explore(SourceEndpoints.source(request), body.authToken()));
	}

	/**
	 * {@code 200 {}} when the channel was disconnected now, {@code 202 {}} when it
	 * already was.
	 */
	static ResponseEntity<Empty> disconnected(boolean now) {
		return ResponseEntity.status(now ? HttpStatus.OK : HttpStatus.ACCEPTED).body(Empty.INSTANCE);
	}

	record ListRequest(@Size(max = 64) String source) {
	}

	record ChannelIdRequest(@NotNull UUID channelId) {
	}

	/**
	 * An absent {@code division_id} keeps the channel's division, a JSON {@code null}
	 * clears it: bound as a node, the two differ ({@code null} and a null node).
	 */
	record UpdateRequest(@NotNull UUID channelId,
			@Pattern(regexp = "(?s).*\\S.*", message = "must not be blank") @Size(max = 200) String name,
			@Size(max = 2048) @Pattern(regexp = "(https?://\\S+)?", message = "must be an http(s) URL") String imageUrl,
			JsonNode divisionId) {

		/**
		 * The new division, empty for none, or {@code null} to keep it.
		 */
		Optional<UUID> division() {
			return DivisionChange.of(this.divisionId, "division_id");
		}

	}

	record ExploreRequest(@NotBlank @Size(max = 64) String source, @PlatformToken String token) {

		@Override
		public String toString() {
			return "ExploreRequest[source=" + this.source + "]";
		}

	}

	record SourceExploreRequest(@PlatformToken String authToken) {

		@Override
		public String toString() {
			return "SourceExploreRequest[]";
		}

	}

	record ChannelList(List<ChannelView> data) {
	}

	record ExploreResponse(List<ChannelConnector.ExploredAccount> data) {
	}

}

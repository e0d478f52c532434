package dev.switchboard.channelsapi;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.switchboard.channel.ChannelHealth;
import dev.switchboard.channel.ChannelService;
import dev.switchboard.channel.ChannelView;
import dev.switchboard.common.error.BadRequestException;
import dev.switchboard.common.error.NotFoundException;
import dev.switchboard.common.security.Action;
import dev.switchboard.common.security.Endpoint;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Connectors: one per connected channel, installed through the source's connector (the
 * same code as {@code channels.<source>.connect}), removed by disconnecting the channel,
 * and their health asked of the platform.
 */
@RestController
@RequestMapping("/workspaces/{workspaceId}/connectors")
class ConnectorController {

	private final ChannelService channels;

	private final ChannelHealth health;

	ConnectorController(ChannelService channels, ChannelHealth health) {
		this.channels = channels;
		this.health = health;
	}

	/**
	 * Installs a connector: {@code arguments} are the source's connect fields, and
	 * {@code name} the channel's name unless they name one.
	 */
	@Endpoint(action = Action.CREATE, resource = "/workspaces/{ws}/connectors")
	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	ApiConnector create(@PathVariable UUID workspaceId, @Valid @RequestBody NewConnector request) {
		if (request.arguments() != null && !request.arguments().isObject()) {
			throw new BadRequestException("arguments: must be an object of the source's connect fields");
		}
		ObjectNode arguments = (request.arguments() != null) ? ((ObjectNode) request.arguments()).deepCopy()
				: JsonNodeFactory.instance.objectNode();
		if (request.name() != null && !arguments.has("name")) {
			arguments.put("name", request.name());
		}
		ChannelView channel = this.channels.connect(request.connectorTemplateRef(), arguments);
		this.health.forget(channel.id());
		return ApiConnector.of(channel);
	}

	@Endpoint(action = Action.VIEW, resource = "/workspaces/{ws}/connectors")
	@GetMapping
	ChannelsApiController.ApiPage<ApiConnector> list(@PathVariable UUID workspaceId) {
		List<ApiConnector> connectors = this.channels.listConnected(null).stream().map(ApiConnector::of).toList();
		return new ChannelsApiController.ApiPage<>(connectors, null);
	}

	@Endpoint(action = Action.VIEW, resource = "/workspaces/{ws}/connectors/{connector_id}")
	@GetMapping("/{connectorId}")
	ApiConnector get(@PathVariable UUID workspaceId, @PathVariable UUID connectorId) {
		return ApiConnector.of(installed(connectorId));
	}

	/**
	 * Asks the platform now (at most once a minute per connector) whether the connector
	 * works.
	 */
	@Endpoint(action = Action.VIEW, resource = "/workspaces/{ws}/connectors/{connector_id}/status")
	@GetMapping("/{connectorId}/status")
	ApiStatus status(@PathVariable UUID workspaceId, @PathVariable UUID connectorId) {
		ChannelHealth.Health health = this.health.check(installed(connectorId).id());
		return new ApiStatus(health.status(),
				health.checks()
					.stream()
					.map((check) -> new ApiCheck(check.name(), check.ok(), check.detail()))
					.toList(),
				health.checkedAt());
	}

	@Endpoint(action = Action.DELETE, resource = "/workspaces/{ws}/connectors/{connector_id}")
	@DeleteMapping("/{connectorId}")
	ResponseEntity<Void> delete(@PathVariable UUID workspaceId, @PathVariable UUID connectorId) {
		ChannelView channel = installed(connectorId);
		this.channels.disconnect(null, channel.id());
		this.health.forget(channel.id());
		return ResponseEntity.noContent().build();
	}

	/** A connector is a connected channel; a disconnected one is uninstalled. */
	private ChannelView installed(UUID connectorId) {
		ChannelView channel = this.channels.find(connectorId);
		if (!channel.connected()) {
			throw new NotFoundException("No such connector.");
		}
		return channel;
	}

	/**
	 * {@code POST /connectors}.
	 *
	 * @param connectorTemplateRef the source ({@code whatsapp}, {@code facebook}, ...)
	 * @param name the channel's name
	 * @param arguments the source's connect fields, as {@code channels.<source>.connect}
	 * takes them
	 */
	@CamelCase
	record NewConnector(@NotBlank @Size(max = 64) String connectorTemplateRef, @Size(max = 200) String name,
			@NotNull JsonNode arguments) {

		@Override
		public String toString() {
			return "NewConnector[connectorTemplateRef=" + this.connectorTemplateRef + "]";
		}

	}

	/**
	 * A connector's health.
	 *
	 * @param status {@code active}, {@code degraded} or {@code error}
	 * @param checks each check's answer
	 * @param checkedAt when the platform was asked
	 */
	@CamelCase
	record ApiStatus(String status, List<ApiCheck> checks, Instant checkedAt) {
	}

	/**
	 * @param name the check
	 * @param ok whether it passed
	 * @param detail what was found
	 */
	@CamelCase
	record ApiCheck(String name, boolean ok, String detail) {
	}

}

package dev.switchboard.integration;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.node.ObjectNode;

/**
 * An integration as the API shows it; one never configured has only its channel, an empty
 * config and {@code is_active: false}.
 *
 * @param id its id
 * @param channel its channel type
 * @param isActive whether its settings are in use
 * @param config its settings, secrets masked
 * @param createdAt when it was first configured
 * @param updatedAt when it last changed
 * @param divisionId the division new accounts of its type join
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record IntegrationView(UUID id, String channel, boolean isActive, ObjectNode config, Instant createdAt,
		Instant updatedAt, UUID divisionId) {

}

package dev.switchboard.message;

import java.time.Instant;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

/**
 * Something a platform reported about a message: a receipt, a read, a click, a reaction.
 *
 * @param id the interaction's id
 * @param messageId the message
 * @param type {@code delivered}, {@code read}, {@code clicked} or {@code reaction}
 * @param detail what the platform said about it (a reaction's emoji), or {@code null}
 * @param createdAt when it happened, as the platform says
 */
public record Interaction(UUID id, UUID messageId, String type, JsonNode detail, Instant createdAt) {

}

package dev.switchboard.message;

import java.time.Instant;

import tools.jackson.databind.JsonNode;

/**
 * What a platform reported about a message we sent (a status callback, a receipt).
 * Reports may arrive out of order or twice; a message never moves backwards: sent,
 * delivered, read, and failed only before it was delivered.
 *
 * @param status the reported status
 * @param at when the platform says it happened
 * @param error a readable error, for {@link Status#FAILED}
 * @param sourceError the platform's raw error, or {@code null}
 */
public record DeliveryReport(Status status, Instant at, String error, JsonNode sourceError) {

	/**
	 * A reported status, in the order a message goes through them.
	 */
	public enum Status {

		SENT, DELIVERED, READ, FAILED

	}

}

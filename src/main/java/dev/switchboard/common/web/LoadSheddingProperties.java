package dev.switchboard.common.web;

import java.time.Duration;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How many requests the server works on at once before it refuses more.
 *
 * @param maxInProgress requests handled at once; the others wait for one to end
 * @param maxWait the longest a request waits for its turn before it is refused with a
 * {@code 503}
 * @param retryAfter what the {@code 503}'s {@code Retry-After} says
 */
@ConfigurationProperties("switchboard.load-shedding")
@Validated
record LoadSheddingProperties(@DefaultValue("128") @Min(1) int maxInProgress, @DefaultValue("100ms") Duration maxWait,
		@DefaultValue("1s") Duration retryAfter) {

}

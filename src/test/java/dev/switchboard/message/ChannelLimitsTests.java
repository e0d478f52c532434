package dev.switchboard.message;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.switchboard.TestClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The per-channel limits of deliveries, on a clock the test moves: decisions, not timing.
 */
class ChannelLimitsTests {

	private static final Instant START = Instant.parse("2026-12-03T12:00:00Z");

	private final TestClock clock = new TestClock(START);

	private final ChannelLimits limits = new ChannelLimits(Map.of("whatsapp", 80.0), 100, Duration.ofSeconds(1),
			this.clock);

	private final UUID number = UUID.randomUUID();

	private final UUID otherNumber = UUID.randomUUID();

	@Test
	void aWhatsAppNumberSendsEightyASecondAndThenWaitsForItsNextToken() {
		for (int i = 0; i < 80; i++) {
			assertThat(sendOn(this.number)).as("send %d", i).isNull();
		}
		Instant next = this.limits.tryAcquire(this.number, "whatsapp");
		assertThat(next).isEqualTo(START.plusNanos(12_500_000));

		this.clock.set(next);
		assertThat(sendOn(this.number)).isNull();
		assertThat(this.limits.tryAcquire(this.number, "whatsapp")).isAfter(next);
	}

	@Test
	void oneNumbersBurstLeavesTheOtherNumbersTokensAlone() {
		for (int i = 0; i < 80; i++) {
			sendOn(this.number);
		}
		assertThat(this.limits.tryAcquire(this.number, "whatsapp")).isNotNull();
		assertThat(sendOn(this.otherNumber)).isNull();
	}

	@Test
	void aPlatformAskingToSlowDownPausesThatChannelOnly() {
		assertThat(this.limits.tryAcquire(this.number, "whatsapp")).isNull();
		this.limits.sent(this.number, new SendResult.Retry("429 Too Many Requests", Duration.ofSeconds(30)));

		assertThat(this.limits.tryAcquire(this.number, "whatsapp")).isEqualTo(START.plusSeconds(30));
		assertThat(sendOn(this.otherNumber)).isNull();
		assertThat(this.limits.tryAcquire(UUID.randomUUID(), "facebook")).isNull();

		this.clock.set(START.plusSeconds(30));
		assertThat(this.limits.tryAcquire(this.number, "whatsapp")).as("refilling from the end of the pause")
			.isNotNull();
		this.clock.set(START.plusSeconds(31));
		assertThat(sendOn(this.number)).isNull();
	}

	@Test
	void aSlowDownWithoutRetryAfterPausesForTheMinimum() {
		this.limits.tryAcquire(this.number, "whatsapp");
		this.limits.sent(this.number, new SendResult.Retry("503", null));

		assertThat(this.limits.tryAcquire(this.number, "whatsapp")).isEqualTo(START.plusSeconds(1));
	}

	@Test
	void aChannelHasABoundOnSendsInFlightAndASourceWithoutARateHasNoBucket() {
		ChannelLimits limits = new ChannelLimits(Map.of(), 2, Duration.ofSeconds(1), this.clock);
		UUID page = UUID.randomUUID();
		assertThat(limits.tryAcquire(page, "facebook")).isNull();
		assertThat(limits.tryAcquire(page, "facebook")).isNull();
		assertThat(limits.tryAcquire(page, "facebook")).as("two in flight").isNotNull();
		assertThat(limits.tryAcquire(UUID.randomUUID(), "facebook")).as("another page").isNull();

		limits.sent(page, null);
		assertThat(limits.tryAcquire(page, "facebook")).isNull();
		for (int i = 0; i < 1000; i++) {
			UUID other = UUID.randomUUID();
			assertThat(limits.tryAcquire(other, "facebook")).isNull();
		}
	}

	private Instant sendOn(UUID channel) {
		Instant decision = this.limits.tryAcquire(channel, "whatsapp");
		if (decision == null) {
			this.limits.sent(channel, null);
		}
		return decision;
	}

}

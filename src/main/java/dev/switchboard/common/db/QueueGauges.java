package dev.switchboard.common.db;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Two gauges over a queue kept in a table: how many rows wait ({@code <name>.<unit>}) and
 * how long the oldest has waited ({@code <name>.age}, seconds), read by one statement at
 * most once a second however often they are scraped. The gauges hold this reading
 * strongly: nothing else refers to it.
 */
public final class QueueGauges {

	private static final Duration FRESH = Duration.ofSeconds(1);

	private final JdbcClient jdbc;

	private final Clock clock;

	private final String sql;

	private volatile Reading reading = new Reading(0, 0, Instant.MIN);

	private QueueGauges(JdbcClient jdbc, Clock clock, String sql) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.sql = sql;
	}

	/**
	 * Registers the gauges.
	 * @param sql a statement answering one row: the count and the oldest row's time,
	 * given {@code :now}
	 */
	public static void register(MeterRegistry registry, JdbcClient jdbc, Clock clock, String name, String unit,
			String sizeDescription, String ageDescription, String sql) {
		QueueGauges gauges = new QueueGauges(jdbc, clock, sql);
		Gauge.builder(name + "." + unit, gauges, (queue) -> queue.read().size())
			.description(sizeDescription)
			.strongReference(true)
			.register(registry);
		Gauge.builder(name + ".age", gauges, (queue) -> queue.read().ageSeconds())
			.description(ageDescription)
			.strongReference(true)
			.baseUnit("seconds")
			.register(registry);
	}

	private Reading read() {
		Instant now = this.clock.instant();
		Reading current = this.reading;
		if (current.readAt().plus(FRESH).isAfter(now)) {
			return current;
		}
		Reading read = this.jdbc.sql(this.sql)
			.param("now", Timestamp.from(now))
			.query((rs, row) -> new Reading(rs.getLong(1), Math.max(0, rs.getDouble(2)), now))
			.single();
		this.reading = read;
		return read;
	}

	private record Reading(long size, double ageSeconds, Instant readAt) {
	}

}

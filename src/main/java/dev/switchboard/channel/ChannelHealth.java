package dev.switchboard.channel;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.common.ExpiringCache;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * The health of connected channels, asked of their platforms through their connectors'
 * {@linkplain ChannelConnector#checks checks}: all checks of a channel run side by side,
 * each with its own timeout, and the answer is kept for a while so that a client polling
 * the status does not hammer the platform.
 */
@Component
@EnableConfigurationProperties(ConnectorProperties.class)
public class ChannelHealth implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(ChannelHealth.class);

	private final ChannelService channels;

	private final Map<String, ChannelConnector<?>> connectors;

	private final ConnectorProperties properties;

	private final ExpiringCache<UUID, Health> cache;

	private final ExecutorService probes = Executors.newVirtualThreadPerTaskExecutor();

	private final Clock clock;

	ChannelHealth(ChannelService channels, List<ChannelConnector<?>> connectors, ConnectorProperties properties,
			Clock clock) {
		this.channels = channels;
		this.connectors = connectors.stream()
			.collect(Collectors.toUnmodifiableMap(ChannelConnector::source, Function.identity()));
		this.properties = properties;
		this.cache = new ExpiringCache<>(properties.statusCacheTtl(), 10_000, clock);
		this.clock = clock;
	}

	/**
	 * The health of a channel of the caller's workspace, asked now unless it was asked
	 * within the cache's time.
	 * @throws dev.switchboard.common.error.NotFoundException for a channel of no
	 * workspace or another one
	 */
	public Health check(UUID channelId) {
		ChannelView channel = this.channels.find(channelId);
		return this.cache.get(channel.id(), (id) -> ask(channel));
	}

	private Health ask(ChannelView channel) {
		List<Result> results = new ArrayList<>();
		boolean usable = channel.connected() && !channel.needsReconnection();
		results.add(new Result("connected", usable,
				!channel.connected() ? "The channel is disconnected."
						: channel.needsReconnection() ? "The platform refused the stored token; reconnect the channel."
								: "The channel is connected."));
		ChannelConnector<?> connector = this.connectors.get(channel.source());
		List<ConnectorCheck> checks = (usable && connector != null)
				? connector.checks(new ChannelConnector.Installed(channel.sourceChannelId(),
						this.channels.credentials(channel.id()), channel.settings()))
				: List.of();
		List<Future<String>> answers = checks.stream().map((check) -> this.probes.submit(check.probe())).toList();
		boolean error = !usable;
		boolean degraded = false;
		for (int i = 0; i < checks.size(); i++) {
			Result result = await(checks.get(i), answers.get(i));
			results.add(result);
			if (!result.ok()) {
				error |= checks.get(i).critical();
				degraded = true;
			}
		}
		String status = error ? "error" : degraded ? "degraded" : "active";
		return new Health(status, List.copyOf(results), this.clock.instant());
	}

	private Result await(ConnectorCheck check, Future<String> answer) {
		long timeout = this.properties.checkTimeout().toMillis();
		try {
			return new Result(check.name(), true, answer.get(timeout, TimeUnit.MILLISECONDS));
		}
		catch (TimeoutException ex) {
			answer.cancel(true);
			return new Result(check.name(), false, "The platform did not answer within " + timeout + " ms.");
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof ConnectorCheck.Failed failed) {
				return new Result(check.name(), false, failed.getMessage());
			}
			// the exception's text may quote a URL or a header: only its type is logged
			log.warn("The {} check failed unexpectedly: {}", check.name(), ex.getCause().getClass().getName());
			return new Result(check.name(), false, "The check failed unexpectedly.");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new Result(check.name(), false, "The check was interrupted.");
		}
	}

	/**
	 * Forgets what is known about a channel's health (it was connected again, say).
	 */
	public void forget(UUID channelId) {
		this.cache.remove(channelId);
	}

	@Override
	public void destroy() {
		this.probes.shutdownNow();
	}

	/**
	 * A channel's health.
	 *
	 * @param status {@code active} when every check passed, {@code error} when the
	 * channel cannot work, {@code degraded} in between
	 * @param checks each check's answer
	 * @param checkedAt when the platform was asked
	 */
	public record Health(String status, List<Result> checks, Instant checkedAt) {

	}

	/**
	 * One check's answer.
	 *
	 * @param name the check
	 * @param ok whether it passed
	 * @param detail what the platform said, readable
	 */
	public record Result(String name, boolean ok, String detail) {

	}

}

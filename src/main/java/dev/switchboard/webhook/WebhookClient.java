package dev.switchboard.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.net.ssl.SSLException;

import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.net.InetAddressUtils;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * Posts deliveries. Host names are resolved through {@link Targets} and the connection
 * goes to exactly the addresses it checked; redirects are not followed; a request is
 * abandoned when its connection or the whole exchange takes longer than allowed.
 * Connections are pooled across deliveries.
 */
final class WebhookClient implements AutoCloseable {

	private static final int MAX_ANSWER_READ = 64 * 1024;

	private final CloseableHttpClient client;

	private final Targets targets;

	private final WebhookProperties properties;

	private final ScheduledExecutorService deadlines = Executors
		.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("webhook-deadlines").daemon().factory());

	private final Set<HttpPost> inFlight = ConcurrentHashMap.newKeySet();

	private volatile boolean stopped;

	WebhookClient(Targets targets, WebhookProperties properties) {
		this.targets = targets;
		this.properties = properties;
		Timeout timeout = Timeout.of(properties.timeout());
		this.client = HttpClients.custom()
			.setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
				.setDnsResolver(new CheckedResolver(targets))
				.setMaxConnTotal(properties.concurrency())
				.setMaxConnPerRoute(properties.concurrency())
				.setDefaultConnectionConfig(ConnectionConfig.custom()
					.setConnectTimeout(Timeout.of(properties.connectTimeout()))
					.setSocketTimeout(timeout)
					.setTimeToLive(TimeValue.ofMinutes(5))
					.build())
				.build())
			.setDefaultRequestConfig(
					RequestConfig.custom().setResponseTimeout(timeout).setConnectionRequestTimeout(timeout).build())
			.disableRedirectHandling()
			.disableAutomaticRetries()
			.disableCookieManagement()
			.disableAuthCaching()
			.evictIdleConnections(TimeValue.ofSeconds(30))
			.setUserAgent("Switchboard-Webhooks/1")
			.build();
	}

	/**
	 * Posts a JSON body.
	 * @param headers the headers to send besides the content type
	 * @return the status code received, or why there was none
	 */
	Outcome post(String url, Map<String, String> headers, byte[] body) {
		URI uri = URI.create(url);
		HttpPost post = new HttpPost(uri);
		headers.forEach(post::setHeader);
		post.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
		AtomicBoolean late = new AtomicBoolean();
		this.inFlight.add(post);
		ScheduledFuture<?> deadline = this.deadlines.schedule(() -> {
			late.set(true);
			post.cancel();
		}, this.properties.timeout().toMillis(), TimeUnit.MILLISECONDS);
		try {
			checkLiteral(uri.getHost());
			try (ClassicHttpResponse response = this.client.executeOpen(null, post, null)) {
				int status = response.getCode();
				if (response.getEntity() != null) {
					try (InputStream answer = response.getEntity().getContent()) {
						answer.readNBytes(MAX_ANSWER_READ);
					}
				}
				return new Outcome(status, null);
			}
		}
		catch (IOException ex) {
			return new Outcome(null, late.get()
					? "No complete answer within " + this.properties.timeout().toSeconds() + " s" : describe(ex));
		}
		catch (RuntimeException ex) {
			return new Outcome(null, "The request could not be sent: " + ex.getClass().getSimpleName());
		}
		finally {
			deadline.cancel(false);
			this.inFlight.remove(post);
		}
	}

	/**
	 * Abandons every request in flight, for a stop: their outcomes are not recorded, so
	 * their deliveries are sent again once their lease runs out, as after a crash.
	 */
	void abandonAll() {
		this.stopped = true;
		this.inFlight.forEach(HttpPost::cancel);
	}

	boolean stopped() {
		return this.stopped;
	}

	@Override
	public void close() throws IOException {
		this.deadlines.shutdownNow();
		this.client.close();
	}

	// an address literal needs no look-up, so the pool may never ask the resolver about
	// it
	private void checkLiteral(String host) throws UnknownHostException {
		String bare = (host.startsWith("[") && host.endsWith("]")) ? host.substring(1, host.length() - 1) : host;
		if (InetAddressUtils.isIPv4(bare) || InetAddressUtils.isIPv6(bare)) {
			this.targets.resolve(bare);
		}
	}

	private static String describe(IOException ex) {
		return switch (ex) {
			case Targets.RefusedTargetException refused -> "Refused: " + refused.getMessage();
			case UnknownHostException unknown -> "The host does not resolve";
			case ConnectException connect -> "Could not connect: " + connect.getMessage();
			case SSLException tls -> "TLS failed: " + tls.getMessage();
			case SocketTimeoutException timeout -> "Timed out: " + timeout.getMessage();
			default -> "The request failed: " + ((ex.getMessage() != null) ? ex.getMessage() : "I/O error");
		};
	}

	/**
	 * The status code of an answer, or why there was none.
	 */
	record Outcome(Integer status, String error) {

		boolean success() {
			return this.status != null && this.status >= 200 && this.status < 300;
		}

	}

	/**
	 * The pool's resolver: every connection's addresses come from {@link Targets}.
	 */
	private record CheckedResolver(Targets targets) implements DnsResolver {

		@Override
		public InetAddress[] resolve(String host) throws UnknownHostException {
			return this.targets.resolve(host);
		}

		@Override
		public String resolveCanonicalHostname(String host) throws UnknownHostException {
			return host;
		}

	}

}

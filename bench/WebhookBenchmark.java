import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The webhook benchmark's program, JDK only, driven by {@code bench/webhook-benchmark.sh}:
 * {@code <base url> <postgres port>}.
 * <p>
 * It runs a receiver on 127.0.0.1 with two paths: {@code /fast} answers 204 at once and
 * records, per {@code webhook-id}, when it arrived and the event's own timestamp;
 * {@code /dead} never answers. After a warm-up ({@code RATE} for {@code WARMUP_SECONDS},
 * unmeasured), first with one subscription ({@code /fast}) and
 * again with a second one ({@code /dead}) added:
 * <ul>
 * <li>throughput: a backlog of {@code BACKLOG} events is written into the event log in one
 * statement (psql), and the deliveries per second to {@code /fast} are timed from the
 * first to the last one;</li>
 * <li>latency: {@code tags.create} at {@code RATE} requests per second for
 * {@code RATE_SECONDS}, each one event; event → delivery is the receiver's arrival time minus
 * the event's {@code timestamp} (same machine, same clock);</li>
 * <li>latency of the webhook path alone: the same rate of events inserted into the event
 * log, one a transaction (psql), without the API's and the producer's CPU in front; each
 * notifies the relays as another instance's commit does, so the application learns of them
 * as of another instance's events.</li>
 * </ul>
 * Prints a Markdown table; exits 1 when an event was not delivered to {@code /fast}.
 */
public class WebhookBenchmark {

	static final int BACKLOG = Integer.parseInt(env("BACKLOG", "20000"));

	static final int RATE = Integer.parseInt(env("RATE", "500"));

	static final int SECONDS = Integer.parseInt(env("RATE_SECONDS", "20"));

	static final int WARMUP_SECONDS = Integer.parseInt(env("WARMUP_SECONDS", "10"));

	static final Pattern TIMESTAMP = Pattern.compile("\"timestamp\":\"([^\"]+)\"");

	static final Map<String, long[]> fast = new ConcurrentHashMap<>();

	static final AtomicInteger deadHeld = new AtomicInteger();

	static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	static String base;

	static String pgPort;

	static String fastSubscription;

	static final List<String> stages = new ArrayList<>();

	public static void main(String[] args) throws Exception {
		base = args[0];
		pgPort = args[1];
		HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 2000);
		receiver.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
		CountDownLatch never = new CountDownLatch(1);
		receiver.createContext("/fast", WebhookBenchmark::fast);
		receiver.createContext("/dead", (exchange) -> {
			deadHeld.incrementAndGet();
			try (exchange) {
				exchange.getRequestBody().readAllBytes();
				never.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			finally {
				deadHeld.decrementAndGet();
			}
		});
		receiver.start();
		String receiverUrl = "http://127.0.0.1:" + receiver.getAddress().getPort();

		String token = field(post("/users.signup", null, "{\"first_name\":\"Bench\",\"last_name\":\"Admin\","
				+ "\"email\":\"webhook-bench@example.com\",\"password\":\"bench-password\"}"), "token");
		fastSubscription = field(post("/webhooks.subscribe", token, "{\"url\":\"" + receiverUrl + "/fast\"}"), "id");
		warmUp(token);

		List<String[]> rows = new ArrayList<>();
		boolean complete = measure("one subscription", token, rows);
		post("/webhooks.subscribe", token, "{\"url\":\"" + receiverUrl + "/dead\"}");
		complete &= measure("with a second subscription that never answers", token, rows);

		System.out.println("| setting | deliveries/s (backlog of " + BACKLOG + ") | event → delivery at " + RATE
				+ " events/s through the API (tags.create): p50 / p95 / p99 / max | the same rate inserted into"
				+ " the event log: p50 / p95 / p99 / max | delivered | dead receiver holding |");
		System.out.println("|---|---|---|---|---|---|");
		rows.forEach((row) -> System.out.println("| " + String.join(" | ", row) + " |"));
		System.out.println();
		System.out.println("Where the fixed rate's event -> delivery time goes, from the database's own timestamps"
				+ " (event created -> delivery row written by the dispatcher -> success recorded), p50 / p99 ms:");
		System.out.println();
		stages.forEach(System.out::println);
		never.countDown();
		receiver.stop(0);
		System.exit(complete ? 0 : 1);
	}

	static void fast(HttpExchange exchange) throws IOException {
		long now = System.currentTimeMillis();
		try (exchange; InputStream in = exchange.getRequestBody()) {
			String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			Matcher matcher = TIMESTAMP.matcher(body);
			long created = matcher.find() ? Instant.parse(matcher.group(1)).toEpochMilli() : now;
			fast.putIfAbsent(exchange.getRequestHeaders().getFirst("webhook-id"), new long[] { created, now });
			exchange.sendResponseHeaders(204, -1);
		}
	}

	/**
	 * The fixed rate, unmeasured, for {@code WARMUP_SECONDS}, until every event of it is
	 * delivered: the request path and the webhook path compiled by the JIT before either
	 * setting is measured (200 requests left the first setting's fixed rate to the
	 * interpreter).
	 */
	static void warmUp(String token) throws Exception {
		int before = fast.size();
		int sent = WARMUP_SECONDS * RATE - produce(token, "warm", WARMUP_SECONDS, new ConcurrentHashMap<>());
		await(() -> fast.size() >= before + sent, Duration.ofSeconds(120));
	}

	/**
	 * {@code tags.create} at {@code RATE} requests per second for the given seconds, each
	 * one event.
	 * @return how many requests failed, counted by reason in {@code failures}
	 */
	static int produce(String token, String prefix, int seconds, Map<String, AtomicInteger> failures)
			throws Exception {
		AtomicInteger failed = new AtomicInteger();
		Semaphore inFlight = new Semaphore(200);
		String run = prefix + "-" + Long.toString(System.currentTimeMillis(), 36);
		int total = RATE * seconds;
		try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
			long interval = 1_000_000_000L / RATE;
			long origin = System.nanoTime();
			for (int i = 0; i < total; i++) {
				long due = origin + i * interval;
				long wait = due - System.nanoTime();
				if (wait > 0) {
					Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
				}
				int n = i;
				inFlight.acquire();
				clients.submit(() -> {
					try {
						post("/tags.create", token, "{\"name\":\"" + run + "-" + n + "\",\"color\":\"tag-blue\"}");
					}
					catch (Exception ex) {
						failed.incrementAndGet();
						failures.computeIfAbsent(reason(ex), (key) -> new AtomicInteger()).incrementAndGet();
					}
					finally {
						inFlight.release();
					}
				});
			}
		}
		return failed.get();
	}

	static boolean measure(String setting, String token, List<String[]> rows) throws Exception {
		// throughput: a backlog written in one statement, drained by the webhook workers
		int before = fast.size();
		long mark = System.currentTimeMillis();
		psql("insert into events (type, workspace_id, payload, created_at) select 'tag.updated', w.id,"
				+ " jsonb_build_object('id', gen_random_uuid(), 'name', 'backlog-' || n, 'color', 'tag-blue'),"
				+ " now() from generate_series(1, " + BACKLOG + ") n, (select id from workspaces limit 1) w");
		boolean drained = await(() -> fast.size() >= before + BACKLOG, Duration.ofSeconds(300));
		List<long[]> backlog = fast.values().stream().filter((t) -> t[1] >= mark).toList();
		long first = backlog.stream().mapToLong((t) -> t[1]).min().orElse(mark);
		long last = backlog.stream().mapToLong((t) -> t[1]).max().orElse(mark);
		double perSecond = backlog.size() * 1000.0 / Math.max(1, last - first);

		// latency: tags.create at a fixed rate
		int beforeRate = fast.size();
		long start = System.currentTimeMillis();
		int total = RATE * SECONDS;
		Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
		int failed = produce(token, "rate", SECONDS, failures);
		double achieved = total * 1000.0 / Math.max(1, System.currentTimeMillis() - start);
		boolean delivered = await(() -> fast.size() >= beforeRate + total - failed, Duration.ofSeconds(120));
		String throughTheApi = latencies(start);
		stages.add("- " + setting + ", through the API: " + stages(start)
				+ (failures.isEmpty() ? "" : "; tags.create failures: " + failures));

		// the same rate inserted into the event log: the webhook path without the API's
		// and the producer's CPU in front
		int beforeInserted = fast.size();
		long insertedStart = System.currentTimeMillis();
		psql("do $$ declare origin timestamptz := clock_timestamp(); w uuid := (select id from workspaces limit 1);"
				+ " begin for i in 0.." + (total - 1) + " loop"
				+ " perform pg_sleep(greatest(0, extract(epoch from origin + i * interval '" + (1_000_000 / RATE)
				+ " microseconds' - clock_timestamp())));"
				+ " insert into events (type, workspace_id, payload, created_at) values ('tag.updated', w,"
				+ " jsonb_build_object('id', gen_random_uuid(), 'name', 'inserted-' || i, 'color', 'tag-blue'),"
				+ " clock_timestamp()); perform pg_notify('switchboard_events', ''); commit; end loop; end $$");
		double insertedRate = total * 1000.0 / Math.max(1, System.currentTimeMillis() - insertedStart);
		boolean insertedDelivered = await(() -> fast.size() >= beforeInserted + total, Duration.ofSeconds(120));
		String inserted = latencies(insertedStart);
		stages.add("- " + setting + ", inserted: " + stages(insertedStart));

		rows.add(new String[] { setting,
				String.format(Locale.ROOT, "%.0f", perSecond) + (drained ? "" : " (not drained)"),
				throughTheApi + String.format(Locale.ROOT, " (sent at %.0f/s, %d failed)", achieved, failed),
				inserted + String.format(Locale.ROOT, " (inserted at %.0f/s)", insertedRate),
				(drained && delivered && insertedDelivered) ? "all" : "MISSING", Integer.toString(deadHeld.get()) });
		return drained && delivered && insertedDelivered;
	}

	/**
	 * The fixed rate's stages, from the database: event created -> delivery row, delivery
	 * row -> success recorded.
	 */
	static String stages(long start) throws Exception {
		String sql = "select format('event -> dispatched %s / %s, dispatched -> recorded %s / %s', round(p[1]), round(p[2]),"
				+ " round(q[1]), round(q[2])) from (select percentile_cont(array[0.5, 0.99]) within group (order by"
				+ " extract(epoch from d.created_at - e.created_at) * 1000) p, percentile_cont(array[0.5, 0.99])"
				+ " within group (order by extract(epoch from d.delivered_at - d.created_at) * 1000) q"
				+ " from webhook_deliveries d join events e on e.position = d.event_id"
				+ " where d.subscription_id = '" + fastSubscription + "' and e.created_at >= to_timestamp(" + start
				+ " / 1000.0) and d.status = 'DELIVERED') t";
		Process process = new ProcessBuilder(env("PSQL", "psql"), "-X", "-q", "-A", "-t", "-h", "127.0.0.1", "-p",
				pgPort, "-U", "postgres", "-d", "switchboard", "-v", "ON_ERROR_STOP=1", "-c", sql)
			.redirectErrorStream(true)
			.start();
		String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
		process.waitFor();
		return out;
	}

	static String reason(Exception ex) {
		String message = String.valueOf(ex.getMessage());
		Matcher status = Pattern.compile("answered (\\d+)").matcher(message);
		return status.find() ? "HTTP " + status.group(1) : ex.getClass().getSimpleName();
	}

	/**
	 * Event → delivery of the events created since a time, p50 / p95 / p99 / max.
	 */
	static String latencies(long since) {
		List<Long> sorted = new ArrayList<>();
		fast.values().stream().filter((t) -> t[0] >= since).forEach((t) -> sorted.add(Math.max(0, t[1] - t[0])));
		Collections.sort(sorted);
		return String.format(Locale.ROOT, "%d / %d / %d / %d ms", pct(sorted, 50), pct(sorted, 95), pct(sorted, 99),
				sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1));
	}

	static long pct(List<Long> sorted, int percent) {
		if (sorted.isEmpty()) {
			return 0;
		}
		return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * percent / 100.0) - 1));
	}

	static boolean await(java.util.function.BooleanSupplier condition, Duration timeout) throws InterruptedException {
		long end = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > end) {
				return false;
			}
			Thread.sleep(20);
		}
		return true;
	}

	static String post(String path, String token, String body) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() >= 300) {
			throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
		}
		return response.body();
	}

	static String field(String json, String name) {
		Matcher matcher = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
		if (!matcher.find()) {
			throw new IllegalStateException("no " + name + " in " + json);
		}
		return matcher.group(1);
	}

	static void psql(String sql) throws Exception {
		Process process = new ProcessBuilder(env("PSQL", "psql"), "-X", "-q", "-h", "127.0.0.1", "-p", pgPort, "-U",
				"postgres", "-d", "switchboard", "-v", "ON_ERROR_STOP=1", "-c", sql)
			.inheritIO()
			.start();
		if (process.waitFor() != 0) {
			throw new IllegalStateException("psql failed");
		}
	}

	static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value != null && !value.isEmpty()) ? value : fallback;
	}

}

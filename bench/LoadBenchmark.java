import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The load and fault benchmark's programs, JDK only, driven by {@code bench/load-benchmark.sh}:
 *
 * <ul>
 * <li>{@code fake <port>}: a fake Graph API (token exchange, page and phone number reads,
 * subscribed_apps, contact profiles, the Messenger and WhatsApp send endpoints) that
 * counts every send by its text; {@code GET /_bench/sends} lists them. It outlives the
 * application's restarts.</li>
 * <li>{@code run <base url> <postgres port> <fake url> <app pid> <results>}: connects the
 * channels, warms up, then measures inbound webhooks (fixed and maximum rate), the
 * visibility lag, {@code messages.send}, reads under write load and the trivial
 * endpoint; checks completeness; appends {@code key=value} lines to the results.</li>
 * <li>{@code crash-load <base url> <fake url> <seconds> <acks>}: ingestion and sending at
 * full speed while the script kills the application; writes what was acknowledged.</li>
 * <li>{@code crash-check <base url> <postgres port> <fake url> <acks> <results>}: after the
 * restart, waits until nothing is pending and checks that every acknowledgment holds.</li>
 * <li>{@code report <results>}: prints the Markdown table; exits 1 when a check failed.</li>
 * </ul>
 *
 * Every webhook message carries a unique platform id ({@code load-...} in the measured run,
 * {@code crash-...} in the crash test) and every send a unique text, so completeness is
 * exact. Sizes come from the environment (see the script's header).
 */
public class LoadBenchmark {

	static final String APP_SECRET = env("APP_SECRET", "bench-app-secret");

	static final String PHONE_NUMBER_ID = "1000000000001";

	static final String PAGE_ID = "2000000000001";

	static final String ADMIN_EMAIL = "bench-admin@example.com";

	static final String ADMIN_PASSWORD = "bench-password";

	public static void main(String[] args) throws Exception {
		if (args.length == 0) {
			usage();
		}
		switch (args[0]) {
			case "fake" -> Fake.serve(Integer.parseInt(args[1]), Integer.parseInt(env("FAKE_LATENCY_MS", "0")));
			case "run" -> {
				LoadBenchmark benchmark = new LoadBenchmark(args[1], Integer.parseInt(args[2]), args[3]);
				benchmark.run(Long.parseLong(args[4]), Path.of(args[5]));
			}
			case "crash-load" -> new LoadBenchmark(args[1], 0, args[2]).crashLoad(Integer.parseInt(args[3]),
					Path.of(args[4]));
			case "crash-check" -> {
				LoadBenchmark benchmark = new LoadBenchmark(args[1], Integer.parseInt(args[2]), args[3]);
				benchmark.crashCheck(Path.of(args[4]), Path.of(args[5]));
			}
			case "report" -> System.exit(report(Path.of(args[1])));
			default -> usage();
		}
	}

	static void usage() {
		System.err.println("usage: java bench/LoadBenchmark.java fake|run|crash-load|crash-check|report ...");
		System.exit(2);
	}

	// ---- sizes --------------------------------------------------------------------------

	final int warmupSeconds = envInt("WARMUP_SECONDS", 15);

	// 334 requests/s of 3 messages on average: the target's 1,000 events/s
	final int fixedRate = envInt("FIXED_RATE", 334);

	final int fixedSeconds = envInt("FIXED_SECONDS", 15);

	final int maxSeconds = envInt("MAX_SECONDS", 60);

	final int inboundWorkers = envInt("INBOUND_WORKERS", 64);

	final int batchSize = envInt("BATCH_SIZE", 5);

	final int contacts = envInt("CONTACTS", 5000);

	final int sendSeconds = envInt("SEND_SECONDS", 15);

	final int sendWorkers = envInt("SEND_WORKERS", 64);

	final int sendConversations = envInt("SEND_CONVERSATIONS", 200);

	// the target's "send p99 < 100 ms at 1,000/s"
	final int sendFixedRate = envInt("SEND_FIXED_RATE", 1000);

	final int sendFixedSeconds = envInt("SEND_FIXED_SECONDS", 15);

	final int readSeconds = envInt("READ_SECONDS", 15);

	final int readRate = envInt("READ_INGEST_RATE", 334);

	final int readers = envInt("READERS", 4);

	final int trivialSeconds = envInt("TRIVIAL_SECONDS", 10);

	final int settleSeconds = envInt("SETTLE_SECONDS", 240);

	final String baseUrl;

	final String fakeUrl;

	final Psql psql;

	final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.executor(Executors.newVirtualThreadPerTaskExecutor())
		.build();

	final AtomicLong sequence = new AtomicLong();

	/** Acknowledged webhook message ids and accepted send texts. */
	final Set<String> ackedIds = ConcurrentHashMap.newKeySet();

	final Set<String> acceptedTexts = ConcurrentHashMap.newKeySet();

	final Map<String, String> results = new LinkedHashMap<>();

	String token;

	String idPrefix = "load-";

	List<String> sendTargets = List.of();

	List<String> probeConversations = List.of();

	List<String> probeContacts = List.of();

	List<String> seededConversations = List.of();

	/** The agents' WebSocket during the fixed-rate phase, or {@code null}. */
	volatile EventsProbe frames;

	LoadBenchmark(String baseUrl, int pgPort, String fakeUrl) {
		this.baseUrl = trim(baseUrl);
		this.fakeUrl = trim(fakeUrl);
		this.psql = new Psql(pgPort);
	}

	// ---- the measured run ----------------------------------------------------------------

	void run(long appPid, Path resultsFile) throws Exception {
		login();
		setUpChannels();
		put("db.fsync", this.psql.query("show fsync").trim());
		put("db.synchronous_commit", this.psql.query("show synchronous_commit").trim());
		put("db.conversations", this.psql.query("select count(*) from conversations").trim());
		put("db.messages", this.psql.query("select count(*) from messages").trim());
		this.seededConversations = lines(this.psql.query(
				"select id from conversations where source_contact_id like 'bench-contact-%' order by random() limit 2000"));

		System.out.printf("Warming up for %d s (inbound, sends, reads, health) ...%n", this.warmupSeconds);
		long warmupEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(this.warmupSeconds);
		try (ExecutorService warm = Executors.newVirtualThreadPerTaskExecutor()) {
			warm.submit(() -> closedLoop(16, warmupEnd, this::inboundRequest, new Recorder()));
			warm.submit(() -> closedLoop(8, warmupEnd, this::sendRequest, new Recorder()));
			warm.submit(() -> closedLoop(2, warmupEnd, this::readRequest, new Recorder()));
			warm.submit(() -> closedLoop(4, warmupEnd, this::healthRequest, new Recorder()));
		}
		awaitSettled(this.settleSeconds);

		System.out.printf("Trivial endpoint (GET /actuator/health), %d workers, %d s ...%n", this.inboundWorkers,
				this.trivialSeconds);
		Recorder health = new Recorder();
		long start = System.nanoTime();
		closedLoop(this.inboundWorkers, start + TimeUnit.SECONDS.toNanos(this.trivialSeconds), this::healthRequest,
				health);
		health.finish(start);
		put("ceiling.health_rps", health.perSecond());
		put("ceiling.health_p95_ms", health.percentile(95));

		System.out.printf("Inbound at a fixed rate: %d requests/s for %d s, with visibility probes ...%n",
				this.fixedRate, this.fixedSeconds);
		Recorder fixed = new Recorder();
		Recorder visibility = new Recorder();
		Recorder frames = new Recorder();
		this.frames = new EventsProbe(frames);
		this.frames.open(this.http, this.baseUrl, this.token);
		long fixedStartMillis = System.currentTimeMillis();
		start = System.nanoTime();
		long fixedEnd = start + TimeUnit.SECONDS.toNanos(this.fixedSeconds);
		try (ExecutorService both = Executors.newVirtualThreadPerTaskExecutor()) {
			long fixedStart = start;
			both.submit(() -> {
				openLoop(this.fixedRate, fixedEnd, this::inboundRequest, fixed);
				fixed.finish(fixedStart);
			});
			both.submit(() -> probes(fixedEnd, visibility));
			both.submit(() -> sampleMetrics("metrics.fixed", fixedEnd));
		}
		record("inbound.fixed", fixed);
		put("inbound.fixed.target_rps", this.fixedRate);
		put("visibility.samples", visibility.count());
		put("visibility.p50_ms", visibility.percentile(50));
		put("visibility.p95_ms", visibility.percentile(95));
		put("visibility.p99_ms", visibility.percentile(99));
		this.frames.close();
		this.frames = null;
		put("frames.samples", frames.count());
		put("frames.missing", frames.errors.get());
		put("frames.p50_ms", frames.percentile(50));
		put("frames.p95_ms", frames.percentile(95));
		put("frames.p99_ms", frames.percentile(99));
		awaitSettled(this.settleSeconds);
		processingLag("inbound.fixed.lag", fixedStartMillis);

		String jfr = System.getenv("JFR_FILE");
		if (jfr != null && !jfr.isBlank() && appPid > 0) {
			jcmd(appPid, "JFR.start", "name=load", "settings=profile", "filename=" + jfr);
		}
		System.out.printf("Inbound at the maximum rate: %d workers for %d s%s ...%n", this.inboundWorkers,
				this.maxSeconds, (jfr != null && !jfr.isBlank()) ? " (JFR recording)" : "");
		Recorder max = new Recorder();
		long maxStartMillis = System.currentTimeMillis();
		double processedBefore = metric("switchboard_webhook_events_processed_total");
		start = System.nanoTime();
		long maxEnd = start + TimeUnit.SECONDS.toNanos(this.maxSeconds);
		try (ExecutorService both = Executors.newVirtualThreadPerTaskExecutor()) {
			long maxStart = start;
			both.submit(() -> {
				closedLoop(this.inboundWorkers, maxEnd, this::inboundRequest, max);
				max.finish(maxStart);
			});
			both.submit(() -> sampleMetrics("metrics.max", maxEnd));
		}
		double processedDuring = metric("switchboard_webhook_events_processed_total") - processedBefore;
		if (!Double.isNaN(processedDuring)) {
			// webhook events (requests), not messages: 3 messages each on average
			put("metrics.max.processed_requests_per_s", String.format("%.0f", processedDuring / max.seconds()));
		}
		record("inbound.max", max);
		long drainStart = System.nanoTime();
		String countSql = "select count(*) from messages where source_message_id like 'load-%'";
		long storedAtEnd = Long.parseLong(this.psql.query(countSql).trim());
		awaitSettled(this.settleSeconds);
		double drainSeconds = (System.nanoTime() - drainStart) / 1e9;
		long storedAfterDrain = Long.parseLong(this.psql.query(countSql).trim());
		put("inbound.max.drain_events_per_s",
				String.format("%.0f", (storedAfterDrain - storedAtEnd) / Math.max(drainSeconds, 0.001)));
		if (jfr != null && !jfr.isBlank() && appPid > 0) {
			jcmd(appPid, "JFR.stop", "name=load");
		}
		put("inbound.max.drain_s", String.format("%.1f", drainSeconds));
		put("inbound.max.processed_events_per_s",
				String.format("%.0f", max.events.get() / (max.seconds() + drainSeconds)));
		processingLag("inbound.max.lag", maxStartMillis);

		// the send phase has its own recording, beside the inbound one (send.jfr)
		String sendJfr = (jfr != null && !jfr.isBlank()) ? Path.of(jfr).resolveSibling("send.jfr").toString() : null;
		if (sendJfr != null && appPid > 0) {
			jcmd(appPid, "JFR.start", "name=send", "settings=profile", "filename=" + sendJfr);
		}
		System.out.printf("messages.send at the maximum rate: %d workers for %d s%s ...%n", this.sendWorkers,
				this.sendSeconds, (sendJfr != null) ? " (JFR recording)" : "");
		Recorder sends = new Recorder();
		long sendStartMillis = System.currentTimeMillis();
		start = System.nanoTime();
		closedLoop(this.sendWorkers, start + TimeUnit.SECONDS.toNanos(this.sendSeconds), this::sendRequest, sends);
		sends.finish(start);
		record("outbound", sends);
		awaitSettled(this.settleSeconds);
		if (sendJfr != null && appPid > 0) {
			jcmd(appPid, "JFR.stop", "name=send");
		}
		put("outbound.delivered_per_s", deliveryThroughput(sendStartMillis));

		System.out.printf("messages.send at a fixed rate: %d/s for %d s ...%n", this.sendFixedRate,
				this.sendFixedSeconds);
		Recorder fixedSends = new Recorder();
		start = System.nanoTime();
		openLoop(this.sendFixedRate, start + TimeUnit.SECONDS.toNanos(this.sendFixedSeconds), this::sendRequest,
				fixedSends);
		fixedSends.finish(start);
		record("outbound.fixed", fixedSends);
		// an open loop offers its rate over its window: what was accepted is counted against
		// that window, not against the time the slowest answers took to come back after it
		put("outbound.fixed.requests_per_s", String.format("%.0f", fixedSends.count() / (double) this.sendFixedSeconds));
		put("outbound.fixed.target_rps", this.sendFixedRate);
		awaitSettled(this.settleSeconds);

		System.out.printf("Reads under write load: %d readers while %d webhook requests/s come in, %d s ...%n",
				this.readers, this.readRate, this.readSeconds);
		Map<String, Recorder> reads = new LinkedHashMap<>();
		for (String name : List.of("conversations.list", "conversations.list+filter", "messages.list")) {
			reads.put(name, new Recorder());
		}
		Recorder ingest = new Recorder();
		start = System.nanoTime();
		long readEnd = start + TimeUnit.SECONDS.toNanos(this.readSeconds);
		try (ExecutorService both = Executors.newVirtualThreadPerTaskExecutor()) {
			long readStart = start;
			both.submit(() -> {
				openLoop(this.readRate, readEnd, this::inboundRequest, ingest);
				ingest.finish(readStart);
			});
			both.submit(() -> closedLoop(this.readers, readEnd, (recorder) -> {
				int pick = ThreadLocalRandom.current().nextInt(3);
				String name = List.copyOf(reads.keySet()).get(pick);
				readRequest(reads.get(name), pick);
			}, null));
		}
		record("reads.ingest", ingest);
		reads.forEach((name, recorder) -> {
			recorder.finish(0);
			String key = "reads." + name.replace("+", "_");
			put(key + ".count", recorder.count());
			put(key + ".p50_ms", recorder.percentile(50));
			put(key + ".p95_ms", recorder.percentile(95));
			put(key + ".p99_ms", recorder.percentile(99));
			put(key + ".errors", recorder.errors.get());
		});
		awaitSettled(this.settleSeconds);

		System.out.println("Completeness ...");
		checkWebhooks("complete", "load-");
		checkSends("complete");
		writeResults(resultsFile);
		Files.writeString(resultsFile.resolveSibling("state.properties"),
				"send_targets=" + String.join(",", this.sendTargets) + "\n");
	}

	// ---- the crash test ------------------------------------------------------------------

	void crashLoad(int seconds, Path acks) throws Exception {
		login();
		this.idPrefix = "crash-";
		Properties state = new Properties();
		try (InputStream in = Files.newInputStream(acks.resolveSibling("state.properties"))) {
			state.load(in);
		}
		this.sendTargets = List.of(state.getProperty("send_targets").split(","));
		long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
		Recorder inbound = new Recorder();
		Recorder sends = new Recorder();
		try (ExecutorService both = Executors.newVirtualThreadPerTaskExecutor()) {
			both.submit(() -> closedLoop(envInt("CRASH_INBOUND_WORKERS", 32), end, this::inboundRequest, inbound));
			both.submit(() -> closedLoop(envInt("CRASH_SEND_WORKERS", 16), end, this::sendRequest, sends));
		}
		List<String> lines = new ArrayList<>();
		this.ackedIds.forEach((id) -> lines.add("W " + id));
		this.acceptedTexts.forEach((text) -> lines.add("S " + text));
		Files.write(acks, lines);
		System.out.printf("Crash load: %,d webhook messages acknowledged, %,d sends accepted, %,d requests failed "
				+ "(the kill)%n", this.ackedIds.size(), this.acceptedTexts.size(),
				inbound.errors.get() + sends.errors.get());
	}

	void crashCheck(Path acks, Path resultsFile) throws Exception {
		for (String line : Files.readAllLines(acks)) {
			if (line.startsWith("W ")) {
				this.ackedIds.add(line.substring(2));
			}
			else if (line.startsWith("S ")) {
				this.acceptedTexts.add(line.substring(2));
			}
		}
		long start = System.nanoTime();
		boolean settled = awaitSettled(this.settleSeconds);
		put("crash.settle_s", String.format("%.0f", (System.nanoTime() - start) / 1e9));
		put("crash.settled", settled ? "yes" : "no");
		if (!settled) {
			put("failure.crash_settle", "webhook events, delivery jobs or PENDING messages remain");
		}
		put("crash.pending_messages",
				this.psql.query("select count(*) from messages where delivery_state = 'PENDING'").trim());
		put("crash.pending_webhooks",
				this.psql.query("select count(*) from webhook_events where status = 'PENDING'").trim());
		checkWebhooks("crash", "crash-");
		checkSends("crash");
		writeResults(resultsFile);
	}

	// ---- set-up --------------------------------------------------------------------------

	void login() throws Exception {
		HttpResponse<String> login = post("/users.login",
				"{\"email\": " + quote(ADMIN_EMAIL) + ", \"password\": " + quote(ADMIN_PASSWORD) + "}", false);
		require(login, 200, "users.login");
		this.token = field(login.body(), "token");
	}

	void setUpChannels() throws Exception {
		require(post("/channels.whatsapp.connect", "{\"phone_number_id\": " + quote(PHONE_NUMBER_ID)
				+ ", \"user_token\": \"bench-user-token\", \"name\": \"Bench WhatsApp\"}", true), 200,
				"channels.whatsapp.connect");
		require(post("/channels.facebook.connect",
				"{\"page_id\": " + quote(PAGE_ID) + ", \"page_token\": \"bench-page-token\"}", true), 200,
				"channels.facebook.connect");
		// the conversations sends go to, half WhatsApp and half Messenger, and the probes'
		List<String> waContacts = new ArrayList<>();
		List<String> fbContacts = new ArrayList<>();
		for (int i = 0; i < this.sendConversations / 2; i++) {
			waContacts.add(String.format("1666%09d", i));
			fbContacts.add(String.format("8%015d", i));
		}
		for (String contact : waContacts) {
			require(webhook("/whatsapp", whatsApp(List.of(new Message(contact, "setup-w-" + contact, "hello")))), 200,
					"setup webhook");
		}
		for (String contact : fbContacts) {
			require(webhook("/facebook", messenger(List.of(new Message(contact, "setup-m-" + contact, "hello")))),
					200, "setup webhook");
		}
		awaitSettled(120);
		this.sendTargets = lines(this.psql.query("""
				select id from conversations where source_contact_id like '1666%' or source_contact_id like '8%'
				order by id"""));
		if (this.sendTargets.size() != waContacts.size() + fbContacts.size()) {
			throw new IllegalStateException("expected " + (waContacts.size() + fbContacts.size())
					+ " send conversations, found " + this.sendTargets.size());
		}
		List<String> probes = lines(this.psql.query("""
				select source_contact_id || ' ' || id from conversations where source_contact_id like '1666%'
				order by source_contact_id limit 20"""));
		this.probeContacts = probes.stream().map((line) -> line.split(" ")[0]).toList();
		this.probeConversations = probes.stream().map((line) -> line.split(" ")[1]).toList();
		System.out.printf("Connected a WhatsApp number and a Facebook page through the fake platform; %d "
				+ "conversations to send to%n", this.sendTargets.size());
	}

	// ---- requests ------------------------------------------------------------------------

	record Message(String contact, String id, String text) {
	}

	/** One webhook request: single or batched, WhatsApp or Messenger, in turn. */
	void inboundRequest(Recorder recorder) {
		long n = this.sequence.getAndIncrement();
		int kind = (int) (n % 4);
		int size = (kind >= 2 && this.batchSize > 1) ? this.batchSize : 1;
		boolean whatsApp = kind % 2 == 0;
		List<Message> messages = new ArrayList<>(size);
		ThreadLocalRandom random = ThreadLocalRandom.current();
		for (int i = 0; i < size; i++) {
			int contact = random.nextInt(this.contacts);
			String id = this.idPrefix + (whatsApp ? "w-" : "m-") + n + "-" + i;
			messages.add(new Message(whatsApp ? String.format("1777%09d", contact) : String.format("9%015d", contact),
					id, "load message " + id));
		}
		long start = System.nanoTime();
		sendWebhook(whatsApp ? "/whatsapp" : "/facebook", whatsApp ? whatsApp(messages) : messenger(messages),
				messages, recorder, start);
	}

	void sendWebhook(String path, String body, List<Message> messages, Recorder recorder, long scheduled) {
		try {
			HttpResponse<String> response = webhook(path, body);
			if (response.statusCode() == 200) {
				for (Message message : messages) {
					this.ackedIds.add(message.id());
				}
				recorder.ok(scheduled, messages.size());
			}
			else if (response.statusCode() == 503) {
				recorder.shed();
			}
			else {
				recorder.error("webhook " + response.statusCode());
			}
		}
		catch (Exception ex) {
			recorder.error(ex.toString());
		}
	}

	void sendRequest(Recorder recorder) {
		String conversation = this.sendTargets.get(ThreadLocalRandom.current().nextInt(this.sendTargets.size()));
		String text = this.idPrefix + "send-" + this.sequence.getAndIncrement();
		long start = System.nanoTime();
		try {
			HttpResponse<String> response = post("/messages.send", "{\"conversation_id\": " + quote(conversation)
					+ ", \"message\": {\"text\": " + quote(text) + "}}", true);
			if (response.statusCode() == 200) {
				this.acceptedTexts.add(text);
				recorder.ok(start, 1);
			}
			else if (response.statusCode() == 503) {
				recorder.shed();
			}
			else {
				recorder.error("messages.send " + response.statusCode() + " " + truncate(response.body(), 200));
			}
		}
		catch (Exception ex) {
			recorder.error(ex.toString());
		}
	}

	void healthRequest(Recorder recorder) {
		long start = System.nanoTime();
		try {
			HttpResponse<String> response = this.http.send(
					HttpRequest.newBuilder(URI.create(this.baseUrl + "/actuator/health"))
						.timeout(Duration.ofSeconds(30))
						.GET()
						.build(),
					HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() == 200) {
				recorder.ok(start, 1);
			}
			else {
				recorder.error("health " + response.statusCode());
			}
		}
		catch (Exception ex) {
			recorder.error(ex.toString());
		}
	}

	void readRequest(Recorder recorder) {
		readRequest(recorder, ThreadLocalRandom.current().nextInt(3));
	}

	void readRequest(Recorder recorder, int kind) {
		String path;
		String body;
		switch (kind) {
			case 0 -> {
				path = "/conversations.list";
				body = "{\"page_size\": 20}";
			}
			case 1 -> {
				path = "/conversations.list";
				body = "{\"page_size\": 20, \"filters\": \"unread_count:[1 TO *] AND source:(chatplugin OR facebook)\"}";
			}
			default -> {
				path = "/messages.list";
				String conversation = this.seededConversations
					.get(ThreadLocalRandom.current().nextInt(this.seededConversations.size()));
				body = "{\"conversation_id\": " + quote(conversation) + ", \"order\": \"desc\", \"page_size\": 20}";
			}
		}
		long start = System.nanoTime();
		try {
			HttpResponse<String> response = post(path, body, true);
			if (response.statusCode() == 200) {
				recorder.ok(start, 1);
			}
			else {
				recorder.error(path + " " + response.statusCode() + " " + truncate(response.body(), 200));
			}
		}
		catch (Exception ex) {
			recorder.error(ex.toString());
		}
	}

	/**
	 * Every 200 ms, a WhatsApp message to one of 20 known conversations (in turn, so each
	 * gets one every 4 s), then {@code messages.list} until it is the latest there: the
	 * time from sending the webhook to seeing the message.
	 */
	void probes(long end, Recorder visibility) {
		try (ExecutorService probes = Executors.newVirtualThreadPerTaskExecutor()) {
			int i = 0;
			while (System.nanoTime() < end) {
				int index = i++ % this.probeContacts.size();
				probes.submit(() -> probe(index, visibility));
				Thread.sleep(200);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	void probe(int index, Recorder visibility) {
		String id = this.idPrefix + "probe-" + this.sequence.getAndIncrement();
		List<Message> messages = List.of(new Message(this.probeContacts.get(index), id, "probe " + id));
		long start = System.nanoTime();
		EventsProbe events = this.frames;
		if (events != null) {
			events.expect("probe " + id, start);
		}
		Recorder ack = new Recorder();
		sendWebhook("/whatsapp", whatsApp(messages), messages, ack, start);
		if (ack.count() != 1) {
			if (events != null) {
				events.forget("probe " + id);
			}
			visibility.error("probe not acknowledged");
			return;
		}
		String body = "{\"conversation_id\": " + quote(this.probeConversations.get(index))
				+ ", \"order\": \"desc\", \"page_size\": 3}";
		long deadline = start + TimeUnit.SECONDS.toNanos(60);
		try {
			// polls back off (10 ms doubling up to 250 ms) so that waiting probes do not add
			// the load that delays them; the resolution is a quarter second at worst
			long pause = 10;
			while (System.nanoTime() < deadline) {
				HttpResponse<String> response = post("/messages.list", body, true);
				if (response.statusCode() == 200 && response.body().contains(id)) {
					visibility.ok(start, 1);
					return;
				}
				Thread.sleep(pause);
				pause = Math.min(pause * 2, 250);
			}
			visibility.error("probe not visible after 60 s");
		}
		catch (Exception ex) {
			visibility.error(ex.toString());
		}
	}

	// ---- load models ---------------------------------------------------------------------

	interface Request {

		void send(Recorder recorder) throws Exception;

	}

	/** N workers, each sending its next request when the last one is answered. */
	void closedLoop(int workers, long end, Request request, Recorder recorder) {
		try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
			for (int w = 0; w < workers; w++) {
				pool.submit(() -> {
					while (System.nanoTime() < end) {
						try {
							request.send(recorder);
						}
						catch (Exception ex) {
							if (recorder != null) {
								recorder.error(ex.toString());
							}
						}
						if (recorder != null && recorder.lastFailed.get()) {
							sleep(50); // the service is down (the crash test): do not spin
						}
					}
					return null;
				});
			}
		}
	}

	/**
	 * Requests started on a fixed schedule whatever the answers (an open model); latency
	 * counts from the scheduled start, so a stall is not hidden (no coordinated omission).
	 */
	void openLoop(int perSecond, long end, Request request, Recorder recorder) {
		long start = System.nanoTime();
		double period = 1e9 / perSecond;
		try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
			for (long i = 0;; i++) {
				long scheduled = start + (long) (i * period);
				if (scheduled >= end) {
					break;
				}
				long wait = scheduled - System.nanoTime();
				if (wait > 0) {
					TimeUnit.NANOSECONDS.sleep(wait);
				}
				pool.submit(() -> {
					request.send(new ScheduledRecorder(recorder, scheduled));
					return null;
				});
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	// ---- checks --------------------------------------------------------------------------

	/**
	 * Waits until no webhook event, delivery job or PENDING message remains. The first two
	 * are index reads, polled; PENDING messages have no index (a scan of every message, half
	 * a second at a million), so they are counted only once the others are done: polling
	 * them took 29 % of PostgreSQL's time in session 5's first run, while it drained.
	 */
	boolean awaitSettled(int seconds) throws Exception {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
		while (System.nanoTime() < deadline) {
			String queued = this.psql.query("""
					select (select count(*) from webhook_events where status = 'PENDING')
					     + (select count(*) from delivery_jobs)""").trim();
			if ("0".equals(queued) && "0".equals(
					this.psql.query("select count(*) from messages where delivery_state = 'PENDING'").trim())) {
				return true;
			}
			Thread.sleep("0".equals(queued) ? 500 : 250);
		}
		return false;
	}

	/** Received to processed, over the events stored since a time (from the database). */
	/**
	 * Reads the application's own figures while a phase runs: the largest webhook backlog
	 * and its oldest event's age, from {@code /actuator/prometheus} (the admin's token).
	 */
	void sampleMetrics(String key, long endNanos) {
		double events = 0;
		double age = 0;
		int samples = 0;
		while (System.nanoTime() < endNanos) {
			double e = metric("switchboard_webhook_backlog_events");
			double a = metric("switchboard_webhook_backlog_age_seconds");
			// a scrape that timed out (a starved machine) is left out, not counted as 0
			if (!Double.isNaN(e) && !Double.isNaN(a)) {
				events = Math.max(events, e);
				age = Math.max(age, a);
				samples++;
			}
			sleep(1000);
		}
		put(key + ".samples", samples);
		put(key + ".backlog_events_max", String.format("%.0f", events));
		put(key + ".backlog_age_max_ms", String.format("%.0f", age * 1000));
	}

	/**
	 * One series of the scrape, summed over its labels; NaN when it cannot be read.
	 */
	double metric(String name) {
		try {
			HttpResponse<String> response = this.http.send(
					HttpRequest.newBuilder(URI.create(this.baseUrl + "/actuator/prometheus"))
						.header("Authorization", "Bearer " + this.token)
						.timeout(Duration.ofSeconds(5))
						.build(),
					HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				return Double.NaN;
			}
			double sum = 0;
			boolean found = false;
			for (String line : response.body().split("\n")) {
				if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
					sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
					found = true;
				}
			}
			return found ? sum : Double.NaN;
		}
		catch (Exception ex) {
			return Double.NaN;
		}
	}

	void processingLag(String key, long sinceMillis) throws Exception {
		String row = this.psql.query("""
				select coalesce(round(percentile_cont(0.5) within group (order by ms)), 0) || ' ' ||
				       coalesce(round(percentile_cont(0.95) within group (order by ms)), 0) || ' ' ||
				       coalesce(round(percentile_cont(0.99) within group (order by ms)), 0)
				from (select extract(epoch from processed_at - received_at) * 1000 as ms from webhook_events
				      where received_at >= to_timestamp(%d / 1000.0)) e""".formatted(sinceMillis)).trim();
		String[] parts = row.split(" ");
		put(key + ".p50_ms", parts[0]);
		put(key + ".p95_ms", parts[1]);
		put(key + ".p99_ms", parts[2]);
	}

	/** Every acknowledged webhook message is exactly one message in the database. */
	void checkWebhooks(String key, String prefix) throws Exception {
		StringBuilder sql = new StringBuilder("create temp table acked (id text primary key);\ncopy acked from stdin;\n");
		for (String id : this.ackedIds) {
			sql.append(id).append('\n');
		}
		sql.append("\\.\n");
		sql.append("""
				select (select count(*) from acked a
				        where not exists (select 1 from messages m where m.source_message_id = a.id)) || ' ' ||
				       (select count(*) from (select source_message_id from messages where source_message_id like '%1$s%%'
				                              group by source_message_id having count(*) > 1) d) || ' ' ||
				       (select count(*) from messages m where m.source_message_id like '%1$s%%'
				        and not exists (select 1 from acked a where a.id = m.source_message_id)) || ' ' ||
				       (select count(*) from webhook_events where status = 'FAILED');
				""".formatted(prefix));
		String[] counts = this.psql.query(sql.toString()).trim().split("\\s+");
		put(key + ".webhooks_acked", this.ackedIds.size());
		put(key + ".webhooks_missing", counts[0]);
		put(key + ".webhooks_duplicated", counts[1]);
		put(key + ".webhooks_unacked_stored", counts[2]);
		put(key + ".webhook_events_failed", counts[3]);
		if (!"0".equals(counts[0]) || !"0".equals(counts[1]) || !"0".equals(counts[3])) {
			put("failure." + key + "_webhooks", counts[0] + " missing, " + counts[1] + " duplicated, " + counts[3]
					+ " failed webhook events");
		}
	}

	/** Every accepted send reached the fake platform; duplicates are counted. */
	void checkSends(String key) throws Exception {
		Map<String, Integer> seen = fakeSends(0);
		int missing = 0;
		for (String text : this.acceptedTexts) {
			if (!seen.containsKey(text)) {
				missing++;
			}
		}
		String prefix = this.idPrefix.equals("crash-") || key.equals("crash") ? "crash-" : "load-";
		int duplicated = 0;
		for (Map.Entry<String, Integer> entry : seen.entrySet()) {
			if (entry.getKey().startsWith(prefix) && entry.getValue() > 1) {
				duplicated++;
			}
		}
		String failed = this.psql.query("select count(*) from messages where delivery_state = 'FAILED'").trim();
		put(key + ".sends_accepted", this.acceptedTexts.size());
		put(key + ".sends_missing", missing);
		put(key + ".sends_duplicated", duplicated);
		put(key + ".messages_failed", failed);
		if (missing > 0 || !"0".equals(failed) || (duplicated > 0 && !key.equals("crash"))) {
			put("failure." + key + "_sends", missing + " missing, " + duplicated + " delivered twice, " + failed
					+ " FAILED");
		}
		// the crash test reports duplicates; more than the sends in flight at the kill is a bug
		if (key.equals("crash") && duplicated > envInt("CRASH_MAX_DUPLICATES", 64)) {
			put("failure.crash_duplicates", duplicated + " sends delivered twice");
		}
	}

	/** The fake's record: text to times received, for sends received since a time. */
	Map<String, Integer> fakeSends(long sinceMillis) throws Exception {
		HttpResponse<String> response = this.http.send(
				HttpRequest.newBuilder(URI.create(this.fakeUrl + "/_bench/sends?since=" + sinceMillis)).build(),
				HttpResponse.BodyHandlers.ofString());
		Map<String, Integer> seen = new ConcurrentHashMap<>();
		for (String line : response.body().split("\n")) {
			String[] parts = line.split("\t");
			if (parts.length >= 2) {
				seen.put(parts[0], Integer.parseInt(parts[1]));
			}
		}
		return seen;
	}

	/** Sends the fake received since a time, over the span from the first to the last. */
	String deliveryThroughput(long sinceMillis) throws Exception {
		HttpResponse<String> response = this.http.send(
				HttpRequest.newBuilder(URI.create(this.fakeUrl + "/_bench/sends?since=" + sinceMillis)).build(),
				HttpResponse.BodyHandlers.ofString());
		long first = Long.MAX_VALUE;
		long last = 0;
		int count = 0;
		for (String line : response.body().split("\n")) {
			String[] parts = line.split("\t");
			if (parts.length >= 4) {
				first = Math.min(first, Long.parseLong(parts[2]));
				last = Math.max(last, Long.parseLong(parts[3]));
				count++;
			}
		}
		if (count < 2 || last <= first) {
			return "0";
		}
		put("outbound.delivered", count);
		return String.format("%.0f", count / ((last - first) / 1000.0));
	}

	// ---- payloads ------------------------------------------------------------------------

	static String whatsApp(List<Message> messages) {
		StringBuilder contacts = new StringBuilder();
		StringBuilder items = new StringBuilder();
		long now = System.currentTimeMillis() / 1000;
		for (Message message : messages) {
			if (!contacts.isEmpty()) {
				contacts.append(',');
				items.append(',');
			}
			contacts.append("{\"profile\":{\"name\":\"Load ").append(message.contact()).append("\"},\"wa_id\":\"")
				.append(message.contact()).append("\"}");
			items.append("{\"from\":\"").append(message.contact()).append("\",\"id\":\"").append(message.id())
				.append("\",\"timestamp\":\"").append(now).append("\",\"type\":\"text\",\"text\":{\"body\":")
				.append(quote(message.text())).append("}}");
		}
		return "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"3000000000001\",\"changes\":[{"
				+ "\"field\":\"messages\",\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{"
				+ "\"display_phone_number\":\"15550000001\",\"phone_number_id\":\"" + PHONE_NUMBER_ID + "\"},"
				+ "\"contacts\":[" + contacts + "],\"messages\":[" + items + "]}}]}]}";
	}

	static String messenger(List<Message> messages) {
		StringBuilder items = new StringBuilder();
		long now = System.currentTimeMillis();
		for (Message message : messages) {
			if (!items.isEmpty()) {
				items.append(',');
			}
			items.append("{\"sender\":{\"id\":\"").append(message.contact()).append("\"},\"recipient\":{\"id\":\"")
				.append(PAGE_ID).append("\"},\"timestamp\":").append(now).append(",\"message\":{\"mid\":\"")
				.append(message.id()).append("\",\"text\":").append(quote(message.text())).append("}}");
		}
		return "{\"object\":\"page\",\"entry\":[{\"id\":\"" + PAGE_ID + "\",\"time\":" + now + ",\"messaging\":["
				+ items + "]}]}";
	}

	HttpResponse<String> webhook(String path, String body) throws Exception {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		return this.http.send(HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/json")
			.header("X-Hub-Signature-256", "sha256=" + hmac(bytes))
			.POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	static final ThreadLocal<Mac> MAC = ThreadLocal.withInitial(() -> {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(APP_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return mac;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	});

	static String hmac(byte[] body) {
		return HexFormat.of().formatHex(MAC.get().doFinal(body));
	}

	HttpResponse<String> post(String path, String body, boolean authenticated) throws Exception {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (authenticated) {
			builder.header("Authorization", "Bearer " + this.token);
		}
		return this.http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
	}

	// ---- recording -----------------------------------------------------------------------

	/** Latencies (microseconds) and counts of one phase. */
	static class Recorder {

		final List<Long> micros = Collections.synchronizedList(new ArrayList<>());

		final AtomicLong events = new AtomicLong();

		final AtomicLong errors = new AtomicLong();

		// refused with a 503 by the server's load shedding: nothing was done, the client may
		// retry; counted apart from the errors
		final AtomicLong shed = new AtomicLong();

		final AtomicBoolean lastFailed = new AtomicBoolean();

		final Map<String, AtomicInteger> errorKinds = new ConcurrentHashMap<>();

		long elapsedNanos;

		long[] sorted;

		void ok(long startNanos, int eventCount) {
			this.micros.add((System.nanoTime() - startNanos) / 1000);
			this.events.addAndGet(eventCount);
			this.lastFailed.set(false);
		}

		void error(String what) {
			this.errors.incrementAndGet();
			this.lastFailed.set(true);
			String kind = truncate(what, 120);
			if (this.errorKinds.computeIfAbsent(kind, (k) -> new AtomicInteger()).incrementAndGet() == 1) {
				System.err.println("  error: " + kind);
			}
		}

		void shed() {
			this.shed.incrementAndGet();
			this.lastFailed.set(true);
		}

		void finish(long startNanos) {
			this.elapsedNanos = System.nanoTime() - startNanos;
		}

		double seconds() {
			return this.elapsedNanos / 1e9;
		}

		int count() {
			return this.micros.size();
		}

		String perSecond() {
			return String.format("%.0f", count() / seconds());
		}

		String eventsPerSecond() {
			return String.format("%.0f", this.events.get() / seconds());
		}

		String percentile(double p) {
			if (this.sorted == null || this.sorted.length != this.micros.size()) {
				synchronized (this.micros) {
					this.sorted = this.micros.stream().mapToLong(Long::longValue).sorted().toArray();
				}
			}
			if (this.sorted.length == 0) {
				return "-";
			}
			int index = (int) Math.ceil(p / 100.0 * this.sorted.length) - 1;
			return String.format("%.1f", this.sorted[Math.max(0, Math.min(index, this.sorted.length - 1))] / 1000.0);
		}

	}

	/**
	 * The agents' WebSocket as an inbox would hold it: STOMP over the JDK's WebSocket,
	 * subscribed to {@code /events}; records when each expected probe's frame arrives.
	 */
	static final class EventsProbe implements WebSocket.Listener {

		final Map<String, Long> waiting = new ConcurrentHashMap<>();

		final Recorder recorder;

		final StringBuilder buffer = new StringBuilder();

		WebSocket socket;

		EventsProbe(Recorder recorder) {
			this.recorder = recorder;
		}

		void open(HttpClient http, String baseUrl, String token) throws Exception {
			URI uri = URI.create(baseUrl.replaceFirst("^http", "ws") + "/ws.communication");
			this.socket = http.newWebSocketBuilder().buildAsync(uri, this).get(10, TimeUnit.SECONDS);
			this.socket
				.sendText("CONNECT\naccept-version:1.2\nhost:localhost\nheart-beat:0,0\nAuthorization:Bearer " + token
						+ "\n\n\0", true)
				.get(10, TimeUnit.SECONDS);
			this.socket.sendText("SUBSCRIBE\nid:events\ndestination:/events\n\n\0", true).get(10, TimeUnit.SECONDS);
		}

		/** The frame carrying this text (the probe message's own) is awaited from now on. */
		void expect(String text, long startNanos) {
			this.waiting.put("\"" + text + "\"", startNanos);
		}

		void forget(String text) {
			this.waiting.remove("\"" + text + "\"");
		}

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			synchronized (this.buffer) {
				this.buffer.append(data);
				int end;
				while ((end = this.buffer.indexOf("\0")) >= 0) {
					String frame = this.buffer.substring(0, end).stripLeading();
					this.buffer.delete(0, end + 1);
					frame(frame);
				}
			}
			webSocket.request(1);
			return null;
		}

		void frame(String frame) {
			if (frame.startsWith("ERROR")) {
				System.err.println("  /events: " + truncate(frame, 200));
				return;
			}
			if (!frame.startsWith("MESSAGE") || this.waiting.isEmpty()) {
				return;
			}
			for (String text : this.waiting.keySet()) {
				if (frame.contains(text)) {
					Long start = this.waiting.remove(text);
					if (start != null) {
						this.recorder.ok(start, 1);
					}
				}
			}
		}

		/** Probes still awaited after the rest of the frames had time to arrive count as errors. */
		void close() {
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
			while (!this.waiting.isEmpty() && System.nanoTime() < deadline) {
				sleep(100);
			}
			this.waiting.keySet().forEach((text) -> this.recorder.error("no /events frame for " + text));
			this.socket.sendText("DISCONNECT\n\n\0", true);
			this.socket.abort();
		}

	}

	/** Records against the scheduled start instead of the actual one. */
	static class ScheduledRecorder extends Recorder {

		final Recorder target;

		final long scheduled;

		ScheduledRecorder(Recorder target, long scheduled) {
			this.target = target;
			this.scheduled = scheduled;
		}

		@Override
		void ok(long startNanos, int eventCount) {
			this.target.ok(this.scheduled, eventCount);
		}

		@Override
		void error(String what) {
			this.target.error(what);
		}

		@Override
		void shed() {
			this.target.shed();
		}

	}

	void record(String key, Recorder recorder) {
		put(key + ".requests", recorder.count());
		put(key + ".events", recorder.events.get());
		put(key + ".seconds", String.format("%.1f", recorder.seconds()));
		put(key + ".requests_per_s", recorder.perSecond());
		put(key + ".events_per_s", recorder.eventsPerSecond());
		put(key + ".p50_ms", recorder.percentile(50));
		put(key + ".p95_ms", recorder.percentile(95));
		put(key + ".p99_ms", recorder.percentile(99));
		put(key + ".max_ms", recorder.percentile(100));
		put(key + ".errors", recorder.errors.get());
		put(key + ".shed", recorder.shed.get());
		if (recorder.errors.get() > 0 && !key.startsWith("crash")) {
			put("failure." + key + "_errors", recorder.errors.get() + " requests failed");
		}
		System.out.printf("  %s: %s requests/s, %s events/s, p50 %s ms, p95 %s ms, p99 %s ms, %d errors, %d shed (503)%n",
				key, recorder.perSecond(), recorder.eventsPerSecond(), recorder.percentile(50),
				recorder.percentile(95), recorder.percentile(99), recorder.errors.get(), recorder.shed.get());
	}

	void put(String key, Object value) {
		this.results.put(key, String.valueOf(value));
	}

	void writeResults(Path file) throws IOException {
		StringBuilder out = new StringBuilder();
		this.results.forEach((key, value) -> out.append(key).append('=').append(value).append('\n'));
		Files.writeString(file, out, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
				java.nio.file.StandardOpenOption.APPEND);
	}

	static void jcmd(long pid, String... command) {
		try {
			List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
					String.valueOf(pid)));
			line.addAll(Arrays.asList(command));
			Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
			String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (process.waitFor() != 0) {
				System.err.println("jcmd failed: " + out);
			}
		}
		catch (Exception ex) {
			System.err.println("jcmd failed: " + ex);
		}
	}

	// ---- the report ----------------------------------------------------------------------

	static int report(Path file) throws IOException {
		Map<String, String> r = new LinkedHashMap<>();
		for (String line : Files.readAllLines(file)) {
			int eq = line.indexOf('=');
			if (eq > 0) {
				r.put(line.substring(0, eq), line.substring(eq + 1));
			}
		}
		double pgbench = number(r.get("ceiling.pgbench_tps"));
		double health = number(r.get("ceiling.health_rps"));
		StringBuilder t = new StringBuilder();
		t.append("| Measure | Result | Target | Ratio |\n|---|---|---|---|\n");
		row(t, "Ceiling: pgbench single-row inserts, 8 clients (TPS)", r.get("ceiling.pgbench_tps"), "", "");
		row(t, "Ceiling: trivial endpoint GET /actuator/health (req/s)", r.get("ceiling.health_rps"), "", "");
		row(t, "Inbound, fixed rate: requests/s (target rate)",
				r.get("inbound.fixed.requests_per_s") + " (" + r.get("inbound.fixed.target_rps") + ")", "", "");
		row(t, "Inbound, fixed rate: events/s accepted", r.get("inbound.fixed.events_per_s"), "",
				ratio(r.get("inbound.fixed.events_per_s"), pgbench, "pgbench"));
		row(t, "Inbound, fixed rate: ack p50 / p95 / p99 (ms)", triple(r, "inbound.fixed"), "p99 < 100", "");
		row(t, "Inbound, fixed rate: visible through messages.list p50 / p95 / p99 (ms)",
				r.get("visibility.p50_ms") + " / " + r.get("visibility.p95_ms") + " / " + r.get("visibility.p99_ms")
						+ " (" + r.get("visibility.samples") + " probes)",
				"p50 < 50, p99 < 250", "");
		row(t, "Inbound, fixed rate: visible as an /events frame p50 / p95 / p99 (ms)",
				triple(r, "frames") + " (" + r.get("frames.samples") + " probes, " + r.get("frames.missing")
						+ " never seen)",
				"p50 < 50, p99 < 250", "");
		row(t, "Inbound, fixed rate: received to processed p50 / p95 / p99 (ms, database)",
				triple(r, "inbound.fixed.lag"), "p50 < 50, p99 < 250", "");
		row(t, "Inbound, fixed rate: largest backlog / its oldest event's age (ms, from /actuator/prometheus)",
				r.get("metrics.fixed.backlog_events_max") + " / " + r.get("metrics.fixed.backlog_age_max_ms") + " ("
						+ r.get("metrics.fixed.samples") + " scrapes)",
				"no growing backlog", "");
		row(t, "Inbound, max rate: requests/s", r.get("inbound.max.requests_per_s"), "",
				ratio(r.get("inbound.max.requests_per_s"), health, "health"));
		row(t, "Inbound, max rate: events/s accepted", r.get("inbound.max.events_per_s"), "≥ 3,000",
				ratio(r.get("inbound.max.events_per_s"), pgbench, "pgbench"));
		row(t, "Inbound, max rate: ack p50 / p95 / p99 (ms)", triple(r, "inbound.max"), "p99 < 100", "");
		row(t, "Inbound, max rate: events/s processed (accept + drain)", r.get("inbound.max.processed_events_per_s")
				+ " (then " + r.get("inbound.max.drain_s") + " s of drain at "
						+ r.get("inbound.max.drain_events_per_s") + " events/s with no load)",
				"≥ 3,000 and ≥ 0.25 × pgbench", ratio(r.get("inbound.max.processed_events_per_s"), pgbench, "pgbench"));
		row(t, "Inbound, max rate: webhook events/s processed while accepting (from /actuator/prometheus)",
				r.get("metrics.max.processed_requests_per_s") + " (× 3 messages on average); largest backlog "
						+ r.get("metrics.max.backlog_events_max") + ", oldest "
						+ r.get("metrics.max.backlog_age_max_ms") + " ms",
				"", "");
		row(t, "Inbound, max rate: received to processed p50 / p95 / p99 (ms, database)",
				triple(r, "inbound.max.lag"), "", "");
		row(t, "messages.send, max rate: accepted/s", r.get("outbound.requests_per_s"), "≥ 2,000",
				ratio(r.get("outbound.requests_per_s"), pgbench, "pgbench") + "; "
						+ ratio(r.get("outbound.requests_per_s"), health, "health"));
		row(t, "messages.send: p50 / p95 / p99 (ms)", triple(r, "outbound"), "", "");
		row(t, "messages.send: delivered to the fake platform/s", r.get("outbound.delivered_per_s"), "≥ 1,500",
				ratio(r.get("outbound.delivered_per_s"), pgbench, "pgbench"));
		row(t, "messages.send, fixed rate: accepted/s (target rate) / p50 / p95 / p99 (ms)",
				r.get("outbound.fixed.requests_per_s") + " (" + r.get("outbound.fixed.target_rps") + ") / "
						+ triple(r, "outbound.fixed"),
				"p99 < 100 at 1,000/s", "");
		row(t, "Load shedding: requests refused with 503 (sends at the max rate / at the fixed rate / webhooks at the max rate)",
				r.get("outbound.shed") + " / " + r.get("outbound.fixed.shed") + " / " + r.get("inbound.max.shed"),
				"0 below capacity", "");
		row(t, "Reads under write load: ingestion events/s during reads", r.get("reads.ingest.events_per_s"), "", "");
		for (String name : List.of("conversations.list", "conversations.list_filter", "messages.list")) {
			row(t, "Reads under write load: " + name.replace("_filter", " (filter)") + " p50 / p95 / p99 (ms)",
					r.get("reads." + name + ".p50_ms") + " / " + r.get("reads." + name + ".p95_ms") + " / "
							+ r.get("reads." + name + ".p99_ms") + " (" + r.get("reads." + name + ".count") + ")",
					name.startsWith("conversations") ? "p95 < 50" : "", "");
		}
		row(t, "Completeness: webhook messages acknowledged / missing / duplicated",
				r.get("complete.webhooks_acked") + " / " + r.get("complete.webhooks_missing") + " / "
						+ r.get("complete.webhooks_duplicated"),
				"0 lost, 0 duplicated", "");
		row(t, "Completeness: sends accepted / missing at the fake / delivered twice",
				r.get("complete.sends_accepted") + " / " + r.get("complete.sends_missing") + " / "
						+ r.get("complete.sends_duplicated"),
				"0 lost, 0 duplicated", "");
		row(t, "Application memory: heap limit / RSS at the end of the measured phases / peak RSS (MB)",
				r.get("jvm.heap") + " / " + r.get("jvm.rss_mb") + " / " + r.get("jvm.rss_peak_mb"), "-Xmx512m", "");
		if (r.containsKey("crash.webhooks_acked")) {
			row(t, "Crash: webhook messages acknowledged / missing / duplicated",
					r.get("crash.webhooks_acked") + " / " + r.get("crash.webhooks_missing") + " / "
							+ r.get("crash.webhooks_duplicated") + " (" + r.get("crash.webhooks_unacked_stored")
							+ " unacknowledged but stored)",
					"0 lost, 0 duplicated", "");
			row(t, "Crash: sends accepted / missing at the fake / delivered twice",
					r.get("crash.sends_accepted") + " / " + r.get("crash.sends_missing") + " / "
							+ r.get("crash.sends_duplicated"),
					"0 lost, ~0 twice", "");
			row(t, "Crash: settled after restart (s) / PENDING messages / PENDING webhook events",
					r.get("crash.settle_s") + " / " + r.get("crash.pending_messages") + " / "
							+ r.get("crash.pending_webhooks"),
					"nothing PENDING", "");
		}
		System.out.println(t);
		List<String> failures = r.entrySet()
			.stream()
			.filter((e) -> e.getKey().startsWith("failure."))
			.map((e) -> e.getKey().substring(8) + ": " + e.getValue())
			.toList();
		if (!failures.isEmpty()) {
			System.out.println("FAILED checks:");
			failures.forEach((f) -> System.out.println("- " + f));
			return 1;
		}
		System.out.println("Every check passed: no acknowledged webhook lost or duplicated, every accepted send "
				+ "delivered.");
		return 0;
	}

	static String triple(Map<String, String> r, String key) {
		return r.get(key + ".p50_ms") + " / " + r.get(key + ".p95_ms") + " / " + r.get(key + ".p99_ms");
	}

	static void row(StringBuilder t, String measure, String result, String target, String ratio) {
		t.append("| ").append(measure).append(" | ").append(result).append(" | ").append(target).append(" | ")
			.append(ratio).append(" |\n");
	}

	static String ratio(String value, double base, String name) {
		double v = number(value);
		if (Double.isNaN(v) || Double.isNaN(base) || base == 0) {
			return "";
		}
		return String.format("%.2f × %s", v / base, name);
	}

	static double number(String value) {
		try {
			return Double.parseDouble(value);
		}
		catch (RuntimeException ex) {
			return Double.NaN;
		}
	}

	// ---- the fake platform ---------------------------------------------------------------

	/** A fake Graph API that answers the calls Switchboard makes and counts every send. */
	static final class Fake {

		record Seen(AtomicInteger count, long firstMillis, AtomicLong lastMillis) {
		}

		static final Map<String, Seen> SENDS = new ConcurrentHashMap<>();

		static final AtomicLong IDS = new AtomicLong();

		static final Pattern WHATSAPP_TEXT = Pattern.compile("\"body\"\\s*:\\s*\"([^\"]*)\"");

		static final Pattern MESSENGER_TEXT = Pattern.compile("\"text\"\\s*:\\s*\"([^\"]*)\"");

		static void serve(int port, int latencyMillis) throws IOException {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
			server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
			server.createContext("/", (exchange) -> {
				try {
					handle(exchange, latencyMillis);
				}
				catch (Exception ex) {
					respond(exchange, 500, "{\"error\":{\"message\":\"fake: " + ex + "\"}}");
				}
			});
			server.start();
			System.out.println("fake platform listening on 127.0.0.1:" + port);
		}

		static void handle(HttpExchange exchange, int latencyMillis) throws Exception {
			String path = exchange.getRequestURI().getPath().replaceFirst("^/v[0-9.]+", "");
			String method = exchange.getRequestMethod();
			String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
			if (path.equals("/_bench/sends")) {
				String since = exchange.getRequestURI().getQuery();
				long sinceMillis = (since != null && since.startsWith("since=")) ? Long.parseLong(since.substring(6)) : 0;
				StringBuilder out = new StringBuilder();
				SENDS.forEach((text, seen) -> {
					if (seen.firstMillis() >= sinceMillis) {
						out.append(text).append('\t').append(seen.count().get()).append('\t')
							.append(seen.firstMillis()).append('\t').append(seen.lastMillis().get()).append('\n');
					}
				});
				respond(exchange, 200, out.toString());
				return;
			}
			if (latencyMillis > 0) {
				Thread.sleep(latencyMillis);
			}
			String[] segments = path.replaceFirst("^/", "").split("/");
			if (method.equals("GET") && path.equals("/oauth/access_token")) {
				respond(exchange, 200, "{\"access_token\":\"bench-long-lived-token\",\"token_type\":\"bearer\"}");
			}
			else if (method.equals("GET") && segments.length == 1) {
				String id = segments[0];
				respond(exchange, 200, "{\"id\":\"" + id + "\",\"name\":\"Bench " + id + "\",\"first_name\":\"Bench\","
						+ "\"last_name\":\"Contact " + id + "\",\"display_phone_number\":\"+1 555 000 0001\","
						+ "\"verified_name\":\"Bench\"}");
			}
			else if (method.equals("POST") && segments.length == 2 && segments[1].equals("subscribed_apps")) {
				respond(exchange, 200, "{\"success\":true}");
			}
			else if (method.equals("POST") && path.equals("/me/messages")) {
				record(MESSENGER_TEXT.matcher(body));
				respond(exchange, 200,
						"{\"recipient_id\":\"1\",\"message_id\":\"m_fake_" + IDS.incrementAndGet() + "\"}");
			}
			else if (method.equals("POST") && segments.length == 2 && segments[1].equals("messages")) {
				if (body.contains("\"status\":\"read\"")) {
					respond(exchange, 200, "{\"success\":true}");
					return;
				}
				record(WHATSAPP_TEXT.matcher(body));
				respond(exchange, 200, "{\"messaging_product\":\"whatsapp\",\"messages\":[{\"id\":\"wamid.fake."
						+ IDS.incrementAndGet() + "\"}]}");
			}
			else {
				respond(exchange, 404, "{\"error\":{\"message\":\"fake: no " + method + " " + path + "\",\"code\":100}}");
			}
		}

		static void record(Matcher matcher) {
			String text = matcher.find() ? matcher.group(1) : "(no text)";
			long now = System.currentTimeMillis();
			Seen seen = SENDS.computeIfAbsent(text, (t) -> new Seen(new AtomicInteger(), now, new AtomicLong(now)));
			seen.count().incrementAndGet();
			seen.lastMillis().set(now);
		}

		static void respond(HttpExchange exchange, int status, String body) throws IOException {
			byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(status, bytes.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(bytes);
			}
		}

	}

	// ---- helpers -------------------------------------------------------------------------

	static void require(HttpResponse<String> response, int status, String what) {
		if (response.statusCode() != status) {
			throw new IllegalStateException(what + " answered " + response.statusCode() + ": "
					+ truncate(response.body(), 500));
		}
	}

	static String field(String json, String name) {
		Matcher matcher = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
		if (!matcher.find()) {
			throw new IllegalStateException("no " + name + " in " + truncate(json, 300));
		}
		return matcher.group(1);
	}

	static String quote(String value) {
		return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
	}

	static String truncate(String value, int max) {
		return (value == null || value.length() <= max) ? value : value.substring(0, max) + "...";
	}

	static String trim(String url) {
		return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
	}

	static List<String> lines(String text) {
		return text.lines().map(String::trim).filter((line) -> !line.isEmpty()).toList();
	}

	static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value == null || value.isBlank()) ? fallback : value.trim();
	}

	static int envInt(String name, int fallback) {
		return Integer.parseInt(env(name, String.valueOf(fallback)));
	}

	/** psql as a subprocess: the JDK has no PostgreSQL driver. */
	record Psql(int port) {

		String query(String sql) throws Exception {
			String psql = env("PSQL", "psql");
			List<String> command = new ArrayList<>(List.of(psql, "-X", "-h", "127.0.0.1", "-p",
					String.valueOf(this.port), "-U", "postgres", "-d", "switchboard", "-q", "-A", "-t", "-v",
					"ON_ERROR_STOP=1"));
			ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
			builder.environment().put("PGCONNECT_TIMEOUT", "10");
			Process process = builder.start();
			try (OutputStream in = process.getOutputStream()) {
				in.write(sql.getBytes(StandardCharsets.UTF_8));
			}
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			process.getInputStream().transferTo(out);
			int exit = process.waitFor();
			if (exit != 0) {
				throw new IllegalStateException("psql failed (exit " + exit + ") on:\n" + truncate(sql, 2000));
			}
			return out.toString(StandardCharsets.UTF_8);
		}

	}

}

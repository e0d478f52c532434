import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long the inbox takes from "Sign in" to the first page of the conversation list on
 * screen, in a headless Chromium, on the list benchmark's database. Drives Debian's
 * chromedriver over its W3C WebDriver HTTP API with the JDK's HttpClient: no Selenium, no
 * other dependency, like ListBenchmark.
 *
 * <pre>
 *   java bench/InboxPaint.java http://127.0.0.1:18080 [email] [password]
 * </pre>
 *
 * The page marks {@code switchboard:sign-in} when the form is sent and
 * {@code switchboard:list-painted} in the first animation frame after the first page is in
 * the DOM; the time between them is one sample. Every run starts from a fresh page load
 * without a session. Exit 0 with a Markdown table; 1 when a run fails; 2 when Chromium or
 * chromedriver is missing.
 */
public class InboxPaint {

	static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));

	static final Path CHROMEDRIVER = Path.of(System.getenv().getOrDefault("CHROMEDRIVER", "/usr/bin/chromedriver"));

	static final int WARMUP = Integer.parseInt(System.getenv().getOrDefault("PAINT_WARMUP", "3"));

	static final int RUNS = Integer.parseInt(System.getenv().getOrDefault("PAINT_RUNS", "20"));

	static final double TARGET_MS = 1000;

	// fills in and sends the login form, then waits for the list's first paint
	static final String SIGN_IN = """
			const [email, password, done] = arguments;
			const started = Date.now();
			const fail = (why) => done({error: why});
			function form() {
				const input = document.querySelector('input[name=email]');
				if (!input) {
					return Date.now() - started > 20000 ? fail('no login form') : setTimeout(form, 10);
				}
				input.value = email;
				document.querySelector('input[name=password]').value = password;
				input.form.requestSubmit();
				painted();
			}
			function painted() {
				const mark = performance.getEntriesByName('switchboard:list-painted')[0];
				if (!mark) {
					const error = document.querySelector('.status.error');
					if (error && error.textContent) {
						return fail(error.textContent);
					}
					return Date.now() - started > 25000 ? fail('no list after 25 s') : setTimeout(painted, 5);
				}
				const signIn = performance.getEntriesByName('switchboard:sign-in')[0];
				done({ms: mark.startTime - signIn.startTime,
					items: document.querySelectorAll('li[data-conversation-id]').length,
					counts: document.querySelector('.counts').textContent});
			}
			form();
			""";

	public static void main(String[] args) throws Exception {
		if (args.length < 1) {
			System.err.println("usage: java bench/InboxPaint.java <base url> [email] [password]");
			System.exit(1);
		}
		if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
			System.err.println("inbox paint: needs " + CHROMIUM + " and " + CHROMEDRIVER
					+ " (Debian/Ubuntu: apt-get install chromium chromium-driver)");
			System.exit(2);
		}
		String base = args[0].replaceAll("/$", "");
		String email = (args.length > 1) ? args[1] : "bench-admin@example.com";
		String password = (args.length > 2) ? args[2] : "bench-password";
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		Process driver = new ProcessBuilder(CHROMEDRIVER.toString(), "--port=" + port)
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		WebDriver web = new WebDriver("http://127.0.0.1:" + port);
		try {
			web.awaitReady();
			web.start();
			List<Double> samples = new ArrayList<>();
			String lastCounts = "";
			long lastItems = 0;
			for (int run = 0; run < WARMUP + RUNS; run++) {
				web.navigate(base + "/?run=" + run + "#/login");
				web.execute("sessionStorage.clear(); return true;");
				web.navigate(base + "/?run=" + run + "x#/login");
				String result = web.executeAsync(SIGN_IN, email, password);
				if (result.contains("\"error\"")) {
					throw new IllegalStateException("run " + run + " failed: " + result);
				}
				double ms = Double.parseDouble(field(result, "ms"));
				lastItems = Long.parseLong(field(result, "items"));
				lastCounts = stringField(result, "counts");
				if (run >= WARMUP) {
					samples.add(ms);
				}
			}
			Collections.sort(samples);
			double median = samples.get(samples.size() / 2);
			double p95 = samples.get(Math.min(samples.size() - 1, (int) Math.ceil(samples.size() * 0.95) - 1));
			double max = samples.get(samples.size() - 1);
			System.out.println();
			System.out.println("## Inbox: sign-in to first list paint");
			System.out.println();
			System.out.printf("%d runs after %d untimed, headless Chromium, one page of %d conversations (%s)%n%n", RUNS,
					WARMUP, lastItems, lastCounts.strip());
			System.out.println("| median ms | p95 ms | max ms | target |");
			System.out.println("|---|---|---|---|");
			System.out.printf("| %.0f | %.0f | %.0f | %s |%n", median, p95, max,
					(p95 < TARGET_MS) ? "met (p95 < 1 s)" : "MISSED (p95 >= 1 s)");
		}
		finally {
			web.stop();
			driver.destroy();
		}
	}

	static String field(String json, String name) {
		Matcher matcher = Pattern.compile("\"" + name + "\"\\s*:\\s*(-?[0-9.eE+-]+)").matcher(json);
		if (!matcher.find()) {
			throw new IllegalStateException("no " + name + " in " + json);
		}
		return matcher.group(1);
	}

	static String stringField(String json, String name) {
		Matcher matcher = Pattern.compile("\"" + name + "\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(json);
		return matcher.find() ? matcher.group(1) : "";
	}

	static String quote(String text) {
		StringBuilder out = new StringBuilder("\"");
		for (char c : text.toCharArray()) {
			switch (c) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				case '\n' -> out.append("\\n");
				case '\t' -> out.append("\\t");
				default -> out.append((c < 0x20) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
			}
		}
		return out.append('"').toString();
	}

	/** The few WebDriver commands this needs. */
	static final class WebDriver {

		private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

		private final String url;

		private String session;

		WebDriver(String url) {
			this.url = url;
		}

		void awaitReady() throws Exception {
			for (int i = 0; i < 100; i++) {
				try {
					if (send("GET", "/status", null).contains("\"ready\":true")) {
						return;
					}
				}
				catch (IOException ex) {
					// not listening yet
				}
				Thread.sleep(100);
			}
			throw new IllegalStateException("chromedriver did not start");
		}

		void start() throws Exception {
			String capabilities = """
					{"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": {
					 "binary": %s, "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
					 "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
					 "--window-size=1280,900"]}}}}""".formatted(quote(CHROMIUM.toString()));
			String answer = send("POST", "/session", capabilities);
			this.session = stringField(answer, "sessionId");
			if (this.session.isEmpty()) {
				throw new IllegalStateException("no WebDriver session: " + answer);
			}
			send("POST", "/session/" + this.session + "/timeouts", "{\"script\": 30000, \"pageLoad\": 30000}");
		}

		void navigate(String target) throws Exception {
			send("POST", "/session/" + this.session + "/url", "{\"url\": " + quote(target) + "}");
		}

		String execute(String script) throws Exception {
			return send("POST", "/session/" + this.session + "/execute/sync",
					"{\"script\": " + quote(script) + ", \"args\": []}");
		}

		String executeAsync(String script, String... args) throws Exception {
			List<String> quoted = new ArrayList<>();
			for (String arg : args) {
				quoted.add(quote(arg));
			}
			return send("POST", "/session/" + this.session + "/execute/async",
					"{\"script\": " + quote(script) + ", \"args\": [" + String.join(", ", quoted) + "]}");
		}

		void stop() {
			if (this.session != null) {
				try {
					send("DELETE", "/session/" + this.session, null);
				}
				catch (Exception ex) {
					// the driver process is stopped next anyway
				}
			}
		}

		private String send(String method, String path, String body) throws IOException, InterruptedException {
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.url + path))
				.timeout(Duration.ofSeconds(60))
				.header("Content-Type", "application/json");
			request.method(method,
					(body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
			HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() >= 300) {
				throw new IOException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
			}
			return response.body();
		}

	}

}

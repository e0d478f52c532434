import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * The list benchmark's client: sets up an admin, tags and channels through the API, seeds
 * conversations, tags on them and messages with set-based SQL through {@code psql}, then
 * measures {@code conversations.list} and {@code messages.list} over HTTP.
 * <p>
 * Run by {@code bench/list-benchmark.sh}, which builds and starts the application; by hand:
 * {@code java bench/ListBenchmark.java <base url> <postgres port>}. Sizes come from the
 * environment (see {@code docs/benchmarks.md}). Needs only the JDK and {@code psql}.
 * Exits 1 when any request failed.
 */
public class ListBenchmark {

	static final long TARGET_P95_MICROS = 50_000;

	static final String[] TAG_NAMES = { "urgent", "vip", "billing", "refund", "shipping", "complaint", "lead", "spam",
			"returning", "feedback", "bug", "feature-request", "sales", "support", "onboarding", "churn-risk",
			"partner", "press", "wholesale", "follow-up" };

	static final String[] TAG_COLORS = { "tag-red", "tag-blue", "tag-green", "tag-purple" };

	static final String[] FIRST_NAMES = { "Ada", "Alan", "Grace", "Linus", "Margaret", "Dennis", "Barbara", "Ken",
			"Frances", "Edsger", "Radia", "Donald", "Hedy", "Tim", "Katherine", "John", "Mary", "James", "Patricia",
			"Robert", "Jennifer", "Michael", "Linda", "William", "Elizabeth", "David", "Susan", "Richard", "Jessica",
			"Joseph", "Sarah", "Thomas", "Karen", "Charles", "Nancy", "Daniel", "Lisa", "Matthew", "Betty", "Anthony",
			"Sandra", "Mark", "Ashley", "Paul", "Emily", "Steven", "Michelle", "Andrew", "Carol", "Joshua" };

	// exactly two end in "son", so display_name:*son matches about 4 % of the named contacts
	static final String[] LAST_NAMES = { "Lovelace", "Turing", "Hopper", "Torvalds", "Hamilton", "Ritchie", "Liskov",
			"Thompson", "Allen", "Dijkstra", "Perlman", "Knuth", "Lamarr", "Berners-Lee", "Johnson", "Smith", "Garcia",
			"Miller", "Davis", "Martinez", "Lopez", "Gonzalez", "Hernandez", "Moore", "Martin", "Lee", "Perez", "White",
			"Harris", "Clark", "Lewis", "Walker", "Hall", "Young", "King", "Wright", "Scott", "Green", "Baker", "Adams",
			"Hill", "Campbell", "Mitchell", "Roberts", "Carter", "Phillips", "Evans", "Turner", "Torres", "Parker" };

	static final String[] OWNERS = { "grace", "alan", "ada", "linus", "margaret", "dennis", "barbara", "ken",
			"frances", "edsger", "radia", "donald", "hedy", "tim", "katherine", "john", "mary", "james", "patricia",
			"robert", "jennifer", "michael", "linda", "william", "elizabeth", "david", "susan", "richard", "jessica",
			"joseph", "sarah", "thomas", "karen", "charles", "nancy", "daniel", "lisa", "matthew", "betty", "anthony",
			"sandra", "mark", "ashley", "paul", "emily", "steven", "michelle", "andrew", "carol", "joshua" };

	static final String[] TEXTS = { "Hi, I have a question about my order", "Where is my parcel?",
			"Thanks, that helped a lot!", "Can I change the delivery address?", "The app crashes when I log in",
			"Do you ship to Canada?", "I was charged twice this month", "Could you send me the invoice?",
			"Is the blue one back in stock?", "Sure, let me check that for you.",
			"Your refund is on its way; it takes 3 to 5 working days.", "Could you tell me your order number?",
			"We have just shipped it, here is the tracking link.", "Sorry for the wait, looking into it now.",
			"Great, have a nice day!", "Is there a discount for students?" };

	final String baseUrl;

	final Psql psql;

	final int conversations = env("CONVERSATIONS", 100_000);

	final int messagesPerConversation = env("MESSAGES_PER_CONVERSATION", 10);

	final int requests = env("REQUESTS", 300);

	final int warmup = env("WARMUP", 50);

	final int warmupSeconds = env("WARMUP_SECONDS", 20);

	final int deepPages = env("DEEP_PAGES", 120);

	final int concurrency = env("CONCURRENCY", 4);

	final int pageSize = env("PAGE_SIZE", 20);

	final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(10))
		.build();

	final List<Result> results = new ArrayList<>();

	final List<String> notes = new ArrayList<>();

	String token;

	int failures;

	ListBenchmark(String baseUrl, Psql psql) {
		this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
		this.psql = psql;
	}

	public static void main(String[] args) throws Exception {
		// --seed-only: the set-up and seeding alone, shared with bench/load-benchmark.sh
		boolean seedOnly = args.length == 3 && "--seed-only".equals(args[0]);
		if (args.length != 2 && !seedOnly) {
			System.err.println("usage: java bench/ListBenchmark.java [--seed-only] <base url> <postgres port>");
			System.exit(2);
		}
		int offset = seedOnly ? 1 : 0;
		ListBenchmark benchmark = new ListBenchmark(args[offset], new Psql(Integer.parseInt(args[offset + 1])));
		if (seedOnly) {
			benchmark.seed(benchmark.setUp());
			System.exit(0);
		}
		int failed = benchmark.run();
		System.exit((failed > 0) ? 1 : 0);
	}

	int run() throws Exception {
		System.out.printf("PostgreSQL server: %s%n", this.psql.query("show server_version").trim());
		System.out.printf("Sizes: %,d conversations, %,d messages each, page_size %d; %d timed requests per "
				+ "scenario after %d untimed ones (and %d s of warm-up at the start), pages walked up to %d deep, "
				+ "%d concurrent clients%n%n", this.conversations, this.messagesPerConversation, this.pageSize,
				this.requests, this.warmup, this.warmupSeconds, this.deepPages, this.concurrency);
		Fixture fixture = setUp();
		seed(fixture);
		measure(fixture);
		report();
		return this.failures;
	}

	// ---- set-up through the API -------------------------------------------------------

	record Fixture(String adminId, String adminName, List<String> tagIds, String chatpluginChannelId) {
	}

	Fixture setUp() throws Exception {
		long start = System.nanoTime();
		HttpResponse<String> signup = post("/users.signup", """
				{"first_name": "Bench", "last_name": "Admin", "email": "bench-admin@example.com",
				 "password": "bench-password"}""", false);
		require(signup, 200, "users.signup");
		this.token = stringField(signup.body(), "token");
		String adminId = stringField(signup.body(), "id");
		List<String> tagIds = new ArrayList<>();
		for (int i = 0; i < TAG_NAMES.length; i++) {
			HttpResponse<String> tag = post("/tags.create", "{\"name\": " + quote(TAG_NAMES[i]) + ", \"color\": "
					+ quote(TAG_COLORS[i % TAG_COLORS.length]) + "}", true);
			require(tag, 201, "tags.create");
			tagIds.add(stringField(tag.body(), "id"));
		}
		HttpResponse<String> channel = post("/channels.chatplugin.connect", "{\"name\": \"Website chat\"}", true);
		require(channel, 200, "channels.chatplugin.connect");
		System.out.printf("Set up through the API (admin, %d tags, chat plugin channel) in %s%n", tagIds.size(),
				seconds(System.nanoTime() - start));
		return new Fixture(adminId, "Bench Admin", tagIds, stringField(channel.body(), "id"));
	}

	// ---- seeding with set-based SQL ------------------------------------------------------

	void seed(Fixture fixture) throws Exception {
		long start = System.nanoTime();
		timed("channels (4 more by SQL)", """
				insert into channels (id, workspace_id, source, source_channel_id, account_key, name, connected, settings,
				    created_at, updated_at)
				select v.id, w.id, v.source, v.account, v.source || '-' || v.account, v.name, true, v.settings::jsonb,
				    now() - interval '200 days', now()
				from (values (md5('bench-channel-facebook')::uuid, 'facebook', '100000000000001', 'Bench Facebook page',
				              '{"page_id": "100000000000001"}'),
				             (md5('bench-channel-instagram')::uuid, 'instagram', '17841400000000001', 'Bench Instagram',
				              '{"page_id": "100000000000001"}'),
				             (md5('bench-channel-google')::uuid, 'google', 'bench-gbm-agent', 'Bench Google agent', '{}'),
				             (md5('bench-channel-twilio-sms')::uuid, 'twilio.sms', '+15550100001', 'Bench SMS line', '{}'))
				    as v (id, source, account, name, settings)
				cross join (select id from workspaces order by created_at limit 1) w;
				""");
		String conversationsSql = """
				create table bench_names as select
				    %s::text[] as first_names, %s::text[] as last_names, %s::text[] as owners;
				-- share of the conversations per source, as [lo, hi) out of 100
				create table bench_channels as
				select c.id, c.workspace_id, c.source, w.lo, w.hi
				from channels c
				join (values ('chatplugin', 0, 35), ('facebook', 35, 65), ('instagram', 65, 70),
				             ('google', 70, 80), ('twilio.sms', 80, 100)) as w (source, lo, hi) on w.source = c.source;
				insert into conversations (id, workspace_id, channel_id, source, contact_id, source_contact_id,
				    display_name, first_name, last_name, state, unread_count, metadata, last_message_id,
				    last_activity_at, created_at, updated_at)
				select v.id, ch.workspace_id, ch.id, ch.source, md5('bench-contact-' || v.g)::uuid, 'bench-contact-' || v.g,
				    case when v.h_name %% 100 < 8 then 'Visitor ' || v.g
				         else n.first_names[1 + v.h_first %% 50] || ' ' || n.last_names[1 + v.h_last %% 50] end,
				    case when v.h_name %% 100 < 8 then null else n.first_names[1 + v.h_first %% 50] end,
				    case when v.h_name %% 100 < 8 then null else n.last_names[1 + v.h_last %% 50] end,
				    case when v.h_state %% 100 < 15 then 'CLOSED' else 'OPEN' end,
				    case when v.h_unread %% 100 < 20 then 1 + (v.h_unread / 100) %% 5 else 0 end,
				    case when v.h_meta %% 100 < 80
				         then jsonb_build_object('crm', jsonb_build_object('owner', n.owners[1 + (v.h_meta / 100) %% 50],
				                                                         'tier', 1 + (v.h_meta / 10000) %% 5))
				         else '{}'::jsonb end
				    || case when v.h_meta %% 10 < 3 then jsonb_build_object('ad', jsonb_build_object('id', 'ad-' || v.g %% 500))
				            else '{}'::jsonb end,
				    case when %d > 0 then md5(v.id::text || '/' || %d)::uuid end,
				    v.last_activity_at, v.last_activity_at - v.span, v.last_activity_at
				from (
				    select g, md5('bench-conversation-' || g)::uuid as id,
				        abs(hashtext('channel' || g)) as h_channel, abs(hashtext('name' || g)) as h_name,
				        abs(hashtext('first' || g)) as h_first, abs(hashtext('last' || g)) as h_last,
				        abs(hashtext('state' || g)) as h_state, abs(hashtext('unread' || g)) as h_unread,
				        abs(hashtext('meta' || g)) as h_meta,
				        -- activity spread over 90 days; a conversation lasts from a minute to three days
				        date_trunc('second', now()) - (abs(hashtext('activity' || g)) %% 7776000) * interval '1 second'
				            - (g %% 1000) * interval '1 millisecond' as last_activity_at,
				        (60 + abs(hashtext('span' || g)) %% 259200) * interval '1 second' as span
				    from generate_series(1, %d) as g
				) v
				cross join bench_names n
				join bench_channels ch on v.h_channel %% 100 >= ch.lo and v.h_channel %% 100 < ch.hi;
				drop table bench_channels;
				drop table bench_names;
				""".formatted(sqlArray(FIRST_NAMES), sqlArray(LAST_NAMES), sqlArray(OWNERS),
				this.messagesPerConversation, this.messagesPerConversation, this.conversations);
		timed(String.format("%,d conversations", this.conversations), conversationsSql);
		timed("tags on ~30 % of the conversations (1 to 3 each)", """
				insert into conversation_tags (conversation_id, tag_id)
				select c.id, t.ids[1 + (h.h + j * 7) % array_length(t.ids, 1)]
				from conversations c
				cross join (select array_agg(id order by created_at, id) as ids from tags) t
				cross join lateral (select abs(hashtext('tags' || c.id::text)) as h) h
				cross join lateral generate_series(0, (h.h / 100) % 3) as j
				where h.h % 100 < 30
				on conflict do nothing;
				""");
		if (this.messagesPerConversation > 0) {
			// the latest message is the contact's and is the conversation's last message
			String messagesSql = """
					create table bench_texts as select %s::text[] as texts;
					insert into messages (id, workspace_id, conversation_id, channel_id, source, sender_type, sender_id,
					    sender_name, content, delivery_state, metadata, source_message_id, sent_at, updated_at)
					select md5(c.id::text || '/' || k)::uuid, c.workspace_id, c.id, c.channel_id, c.source,
					    case when (%d - k) %% 2 = 0 then 'source_contact' else 'app_user' end,
					    case when (%d - k) %% 2 = 0 then c.contact_id::text else %s end,
					    case when (%d - k) %% 2 = 0 then null else %s end,
					    jsonb_build_object('type', 'text', 'text',
					        t.texts[1 + abs(hashtext(c.id::text || k)) %% array_length(t.texts, 1)]),
					    'DELIVERED', '{}',
					    case when (%d - k) %% 2 = 0 then 'bench-' || md5(c.id::text || '/' || k) end,
					    c.created_at + (c.last_activity_at - c.created_at) * (k::float8 / %d),
					    c.created_at + (c.last_activity_at - c.created_at) * (k::float8 / %d)
					from conversations c
					cross join bench_texts t
					cross join generate_series(1, %d) as k;
					drop table bench_texts;
					""".formatted(sqlArray(TEXTS), this.messagesPerConversation, this.messagesPerConversation,
					sqlString(fixture.adminId()), this.messagesPerConversation, sqlString(fixture.adminName()),
					this.messagesPerConversation, this.messagesPerConversation, this.messagesPerConversation,
					this.messagesPerConversation);
			timed(String.format("%,d messages", (long) this.conversations * this.messagesPerConversation),
					messagesSql);
			// each conversation keeps its last message in the API's shape, as the service does
			timed("the conversations' copies of their last messages", """
					insert into conversation_last_messages (conversation_id, message)
					select c.id, jsonb_build_object('id', m.id,
					    'conversation_id', m.conversation_id, 'content', m.content, 'delivery_state', m.delivery_state,
					    'sender_type', m.sender_type,
					    'sender', jsonb_build_object('id', m.sender_id) || case when m.sender_name is null
					        then '{}'::jsonb else jsonb_build_object('name', m.sender_name) end,
					    'sent_at', to_char(m.sent_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
					    'source', m.source, 'metadata', m.metadata)
					from conversations c join messages m on m.id = c.last_message_id;
					""");
		}
		timed("vacuum analyze", """
				vacuum analyze channels;
				vacuum analyze tags;
				vacuum analyze conversations;
				vacuum analyze conversation_tags;
				vacuum analyze conversation_last_messages;
				vacuum analyze messages;
				""");
		System.out.printf("Seeded in %s. Database size: %s (conversations %s, messages %s, with indexes)%n%n",
				seconds(System.nanoTime() - start),
				this.psql.query("select pg_size_pretty(pg_database_size(current_database()))").trim(),
				this.psql.query("select pg_size_pretty(pg_total_relation_size('conversations'))").trim(),
				this.psql.query("select pg_size_pretty(pg_total_relation_size('messages'))").trim());
	}

	void timed(String what, String sql) throws Exception {
		long start = System.nanoTime();
		this.psql.execute(sql);
		System.out.printf("  seeded %-52s %8s%n", what, seconds(System.nanoTime() - start));
	}

	// ---- measurement ------------------------------------------------------------------

	record Scenario(String name, String filters, String expectedCountSql) {
	}

	void measure(Fixture fixture) throws Exception {
		String owner = OWNERS[0];
		String tag = fixture.tagIds().get(0);
		List<Scenario> scenarios = List.of(new Scenario("no filter", null, "true"),
				new Scenario("display_name:*son", "display_name:*son", "lower(c.display_name) like '%son'"),
				new Scenario("tag_ids:<tag>", "tag_ids:" + tag,
						"exists (select 1 from conversation_tags t where t.conversation_id = c.id and t.tag_id = '"
								+ tag + "')"),
				new Scenario("unread_count:[1 TO *]", "unread_count:[1 TO *]", "c.unread_count >= 1"),
				new Scenario("metadata.crm.owner:" + owner, "metadata.crm.owner:" + owner,
						"c.metadata @> '{\"crm\": {\"owner\": \"" + owner + "\"}}'"),
				new Scenario("unread_count:[1 TO *] AND source:(chatplugin OR facebook)",
						"unread_count:[1 TO *] AND source:(chatplugin OR facebook)",
						"c.unread_count >= 1 and c.source in ('chatplugin', 'facebook')"));

		warmUp(scenarios);

		// what runs again with concurrent clients: the repeatable scenarios
		List<Repeat> repeats = new ArrayList<>();
		for (Scenario scenario : scenarios) {
			System.out.printf("conversations.list, %s ...%n", display(scenario));
			String label = "conversations.list · " + scenario.name();
			String first = listBody(scenario.filters(), null);
			String firstPage = body(send("/conversations.list", first, false));
			checkCount(scenario, firstPage);
			repeats.add(new Repeat(label + " · first page", "/conversations.list", (i) -> first));
			run(repeats.getLast(), 1);

			// walk the pages by next_cursor, timing each, and keep the cursor of the deepest
			List<Long> walk = new ArrayList<>();
			String cursor = (firstPage != null) ? stringField(firstPage, "next_cursor") : null;
			String deepCursor = null;
			int depth = 1;
			while (cursor != null && !cursor.isEmpty() && depth < this.deepPages) {
				Timed page = send("/conversations.list", listBody(scenario.filters(), cursor), true);
				if (page == null) {
					break;
				}
				walk.add(page.micros());
				depth++;
				deepCursor = cursor;
				cursor = stringField(page.body(), "next_cursor");
			}
			if (deepCursor != null) {
				this.results.add(Result.of(label + " · walk pages 2–" + depth + " by next_cursor", 1, walk));
				String deep = listBody(scenario.filters(), deepCursor);
				boolean last = cursor == null || cursor.isEmpty();
				repeats.add(new Repeat(label + " · page " + depth + (last ? " (the last)" : "") + " again",
						"/conversations.list", (i) -> deep));
				run(repeats.getLast(), 1);
			}
		}

		List<String> ids = Arrays
			.stream(this.psql.query("select setseed(0.42); select id from conversations order by random() limit 1000")
				.split("\n"))
			.map(String::trim)
			.filter((line) -> line.length() == 36)
			.toList();
		if (ids.isEmpty()) {
			throw new IllegalStateException("No conversations to list the messages of.");
		}
		System.out.println("messages.list ...");
		Repeat ascending = new Repeat("messages.list · first page (asc, " + this.pageSize + ")", "/messages.list",
				(i) -> messagesBody(ids.get(i % ids.size()), this.pageSize, "asc", null));
		Repeat descending = new Repeat("messages.list · newest first (desc, " + this.pageSize + ")",
				"/messages.list", (i) -> messagesBody(ids.get(i % ids.size()), this.pageSize, "desc", null));
		Repeat second = new Repeat("messages.list · second page by next_cursor (asc, 5)", "/messages.list", (i) -> {
			// the first page of 5 is fetched untimed, for its next_cursor
			String id = ids.get(i % ids.size());
			String firstPage = body(send("/messages.list", messagesBody(id, 5, "asc", null), false));
			String next = (firstPage != null) ? stringField(firstPage, "next_cursor") : null;
			return messagesBody(id, 5, "asc", (next == null || next.isEmpty()) ? null : next);
		});
		run(ascending, 1);
		run(second, 1);
		run(descending, 1);
		repeats.add(ascending);
		repeats.add(descending);

		if (this.concurrency > 1) {
			System.out.printf("The same with %d concurrent clients ...%n", this.concurrency);
			for (Repeat repeat : repeats) {
				run(repeat, this.concurrency);
			}
		}
	}

	/**
	 * Lets the JIT compile the request path before anything is timed: every scenario's
	 * first page and a messages page, in turn, for {@code WARMUP_SECONDS}.
	 */
	void warmUp(List<Scenario> scenarios) throws Exception {
		System.out.printf("Warming up for %d s ...%n", this.warmupSeconds);
		String conversationId = this.psql.query("select id from conversations limit 1").trim();
		long end = System.nanoTime() + this.warmupSeconds * 1_000_000_000L;
		for (int i = 0; System.nanoTime() < end; i++) {
			if (i % (scenarios.size() + 1) == scenarios.size()) {
				send("/messages.list", messagesBody(conversationId, this.pageSize, "asc", null), false);
			}
			else {
				send("/conversations.list", listBody(scenarios.get(i % (scenarios.size() + 1)).filters(), null),
						false);
			}
		}
	}

	void checkCount(Scenario scenario, String firstPage) throws Exception {
		long expected = Long.parseLong(
				this.psql.query("select count(*) from conversations c where " + scenario.expectedCountSql()).trim());
		long filtered = (firstPage != null) ? longField(firstPage, "filtered_total") : -1;
		long total = (firstPage != null) ? longField(firstPage, "total") : -1;
		String check = (filtered == expected) ? "as counted in SQL"
				: "**differs**: SQL counts " + String.format("%,d", expected)
						+ ((filtered == total) ? " (the filter was not applied: is the real ConversationFilter in?)"
								: "");
		this.notes.add(String.format("`%s`: filtered_total %,d of %,d, %s", display(scenario), filtered, total, check));
	}

	static String display(Scenario scenario) {
		return (scenario.filters() == null) ? "no filter" : scenario.filters();
	}

	record Repeat(String name, String path, IntFunction<String> bodies) {
	}

	/** Warms up, then times {@code requests} requests from one or several clients. */
	void run(Repeat repeat, int clients) {
		for (int i = 0; i < this.warmup; i++) {
			send(repeat.path(), repeat.bodies().apply(i), false);
		}
		AtomicInteger next = new AtomicInteger();
		List<Long> micros = new ArrayList<>();
		try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
			List<Future<List<Long>>> parts = new ArrayList<>();
			for (int c = 0; c < clients; c++) {
				parts.add(pool.submit(() -> {
					List<Long> mine = new ArrayList<>();
					for (int i = next.getAndIncrement(); i < this.requests; i = next.getAndIncrement()) {
						Timed timed = send(repeat.path(), repeat.bodies().apply(i), true);
						if (timed != null) {
							mine.add(timed.micros());
						}
					}
					return mine;
				}));
			}
			for (Future<List<Long>> part : parts) {
				micros.addAll(part.get());
			}
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		this.results.add(Result.of(repeat.name(), clients, micros));
	}

	record Timed(long micros, String body) {
	}

	/**
	 * Sends one request; a non-200 answer or one without {@code data} counts as a failure
	 * (and returns null) whether or not it is timed.
	 */
	Timed send(String path, String body, boolean timed) {
		HttpRequest request = request(path, body, true);
		long start = System.nanoTime();
		HttpResponse<String> response;
		try {
			response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException | InterruptedException ex) {
			fail(path, body, ex.toString());
			return null;
		}
		long micros = (System.nanoTime() - start) / 1000;
		if (response.statusCode() != 200 || !response.body().contains("\"data\":[")) {
			fail(path, body, response.statusCode() + " " + response.body());
			return null;
		}
		return new Timed(micros, response.body());
	}

	static String body(Timed timed) {
		return (timed != null) ? timed.body() : null;
	}

	synchronized void fail(String path, String body, String what) {
		this.failures++;
		if (this.failures <= 10) {
			System.out.printf("FAILED %s %s -> %s%n", path, body, truncate(what, 400));
		}
	}

	String listBody(String filters, String cursor) {
		StringBuilder body = new StringBuilder("{\"page_size\": ").append(this.pageSize);
		if (filters != null) {
			body.append(", \"filters\": ").append(quote(filters));
		}
		if (cursor != null) {
			body.append(", \"cursor\": ").append(quote(cursor));
		}
		return body.append('}').toString();
	}

	static String messagesBody(String conversationId, int pageSize, String order, String cursor) {
		return "{\"conversation_id\": " + quote(conversationId) + ", \"page_size\": " + pageSize + ", \"order\": "
				+ quote(order) + ((cursor != null) ? ", \"cursor\": " + quote(cursor) : "") + "}";
	}

	// ---- report -----------------------------------------------------------------------

	record Result(String name, int clients, int count, long p50, long p95, long p99, long max) {

		static Result of(String name, int clients, List<Long> micros) {
			long[] sorted = micros.stream().mapToLong(Long::longValue).sorted().toArray();
			return new Result(name, clients, sorted.length, percentile(sorted, 50), percentile(sorted, 95),
					percentile(sorted, 99), (sorted.length > 0) ? sorted[sorted.length - 1] : -1);
		}

		static long percentile(long[] sorted, int p) {
			if (sorted.length == 0) {
				return -1;
			}
			int rank = (int) Math.ceil(p / 100.0 * sorted.length);
			return sorted[Math.max(0, rank - 1)];
		}

	}

	void report() {
		System.out.println();
		System.out.println("## Results");
		System.out.println();
		table(this.results.stream().filter((result) -> result.clients() == 1).toList(), "One client, sequential");
		if (this.results.stream().anyMatch((result) -> result.clients() > 1)) {
			table(this.results.stream().filter((result) -> result.clients() > 1).toList(),
					this.concurrency + " concurrent clients (latency of each request)");
		}
		System.out.println("Filters (filtered_total from the API, checked against SQL on the seeded data):");
		System.out.println();
		this.notes.forEach((note) -> System.out.println("- " + note));
		System.out.println();
		long missed = this.results.stream()
			.filter((result) -> result.clients() == 1 && result.p95() >= TARGET_P95_MICROS)
			.count();
		System.out.printf("Failed requests: %d. Sequential scenarios over the p95 target: %d.%n", this.failures,
				missed);
	}

	void table(List<Result> rows, String title) {
		System.out.println("### " + title);
		System.out.println();
		System.out.println("| scenario | requests | p50 ms | p95 ms | p99 ms | max ms | target (<50 ms p95) met? |");
		System.out.println("|---|---:|---:|---:|---:|---:|---|");
		for (Result row : rows) {
			System.out.printf("| %s | %d | %s | %s | %s | %s | %s |%n", row.name(), row.count(), ms(row.p50()),
					ms(row.p95()), ms(row.p99()), ms(row.max()),
					(row.count() == 0) ? "no data" : (row.p95() < TARGET_P95_MICROS) ? "yes" : "**no**");
		}
		System.out.println();
	}

	static String ms(long micros) {
		return (micros < 0) ? "–" : String.format(Locale.ROOT, "%.1f", micros / 1000.0);
	}

	static String seconds(long nanos) {
		return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
	}

	// ---- HTTP and JSON, by hand -------------------------------------------------------

	HttpResponse<String> post(String path, String body, boolean authenticated) throws Exception {
		return this.http.send(request(path, body, authenticated), HttpResponse.BodyHandlers.ofString());
	}

	HttpRequest request(String path, String body, boolean authenticated) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.timeout(Duration.ofSeconds(60))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (authenticated) {
			builder.header("Authorization", "Bearer " + this.token);
		}
		return builder.build();
	}

	static void require(HttpResponse<String> response, int status, String what) {
		if (response.statusCode() != status) {
			throw new IllegalStateException(
					what + " answered " + response.statusCode() + ": " + truncate(response.body(), 400));
		}
	}

	/** The first string value of a field; our JSON is compact and cursors and ids need no escapes. */
	static String stringField(String json, String name) {
		String key = "\"" + name + "\":\"";
		int start = json.indexOf(key);
		if (start < 0) {
			return null;
		}
		start += key.length();
		int end = json.indexOf('"', start);
		return json.substring(start, end);
	}

	static long longField(String json, String name) {
		String key = "\"" + name + "\":";
		int start = json.indexOf(key);
		if (start < 0) {
			return -1;
		}
		start += key.length();
		int end = start;
		while (end < json.length() && Character.isDigit(json.charAt(end))) {
			end++;
		}
		return (end > start) ? Long.parseLong(json.substring(start, end)) : -1;
	}

	static String quote(String value) {
		StringBuilder quoted = new StringBuilder("\"");
		for (char c : value.toCharArray()) {
			switch (c) {
				case '"' -> quoted.append("\\\"");
				case '\\' -> quoted.append("\\\\");
				default -> {
					if (c < 0x20) {
						quoted.append(String.format("\\u%04x", (int) c));
					}
					else {
						quoted.append(c);
					}
				}
			}
		}
		return quoted.append('"').toString();
	}

	static String sqlString(String value) {
		return "'" + value.replace("'", "''") + "'";
	}

	static String sqlArray(String[] values) {
		return "array[" + String.join(", ", Arrays.stream(values).map(ListBenchmark::sqlString).toList()) + "]";
	}

	static String truncate(String text, int length) {
		return (text.length() <= length) ? text : text.substring(0, length) + "…";
	}

	static int env(String name, int fallback) {
		String value = System.getenv(name);
		return (value == null || value.isBlank()) ? fallback : Integer.parseInt(value.trim());
	}

	/** psql as a subprocess: the JDK has no PostgreSQL driver. */
	record Psql(int port) {

		void execute(String sql) throws Exception {
			run(List.of("-q", "-v", "ON_ERROR_STOP=1"), sql);
		}

		String query(String sql) throws Exception {
			return run(List.of("-q", "-A", "-t", "-v", "ON_ERROR_STOP=1"), sql);
		}

		private String run(List<String> options, String sql) throws Exception {
			String psql = System.getenv().getOrDefault("PSQL", "psql");
			List<String> command = new ArrayList<>(List.of(psql, "-X", "-h", "127.0.0.1", "-p",
					String.valueOf(this.port), "-U", "postgres", "-d", "switchboard"));
			command.addAll(options);
			ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
			builder.environment().put("PGCONNECT_TIMEOUT", "10");
			Process process = builder.start();
			try (OutputStream in = process.getOutputStream()) {
				in.write(sql.getBytes(StandardCharsets.UTF_8));
			}
			String out = readAll(process.getInputStream());
			int exit = process.waitFor();
			if (exit != 0) {
				throw new IllegalStateException("psql failed (exit " + exit + ") on:\n" + truncate(sql, 2000));
			}
			return out;
		}

		private static String readAll(InputStream in) throws IOException {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			in.transferTo(out);
			return out.toString(StandardCharsets.UTF_8);
		}

	}

}

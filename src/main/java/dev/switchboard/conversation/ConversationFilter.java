package dev.switchboard.conversation;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.switchboard.common.error.BadRequestException;
import org.apache.lucene.analysis.core.KeywordAnalyzer;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.RegexpQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TermRangeQuery;
import org.apache.lucene.search.WildcardQuery;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.automaton.TooComplexToDeterminizeException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code filters} query of conversations.list, written in Lucene query syntax, as a
 * parameterised SQL condition on {@code conversations c}.
 * <p>
 * The query is read by Lucene's classic {@link QueryParser}, so {@code AND}, {@code OR},
 * {@code NOT}, {@code +}/{@code -}, parentheses, quoted phrases, {@code *} and {@code ?}
 * wildcards (leading ones too) and {@code [a TO b]} / {@code {a TO b}} ranges with
 * {@code *} open ends mean what they mean there. <b>A term without a field searches
 * {@code display_name}.</b> The fields are {@code id}, {@code channel_id} (UUIDs),
 * {@code source} (exact), {@code display_name} (case-insensitive, word by word, like a
 * whitespace-tokenised Lucene field), {@code created_at} (ISO-8601 instant, date or epoch
 * milliseconds; a term is that millisecond), {@code unread_count}, {@code tag_ids} (a tag
 * the conversation carries), {@code state} ({@code OPEN}/{@code CLOSED}, any case),
 * {@code assignee_id} (a user's UUID, {@code me} for the caller, {@code none} for
 * unassigned conversations; {@code *} for assigned ones) and
 * {@code metadata.<dotted key>} (a term matches the string case-sensitively, or the
 * number or boolean it spells; other wildcards than {@code *} compare case-insensitively;
 * ranges compare numbers only).
 * <p>
 * Boolean logic is Lucene's, so optional clauses next to required ones
 * ({@code a AND b OR c}) are ignored, with one exception: a group of only {@code NOT}
 * clauses means "everything except", where Lucene would match nothing.
 * <p>
 * User text never becomes SQL: values, patterns and metadata keys are bound as the named
 * parameters {@code f0}, {@code f1}, …; the SQL holds only column names, operators and
 * parameter names.
 */
final class ConversationFilter {

	static final int MAX_LENGTH = 4096;

	static final int MAX_CONDITIONS = 100;

	private static final String DEFAULT_FIELD = "display_name";

	private static final ConversationFilter EVERYTHING = new ConversationFilter("true", Map.of());

	private static final JsonMapper JSON = JsonMapper.shared();

	private static final Pattern UUID_TEXT = Pattern
		.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

	private static final Pattern JSON_NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

	private static final Pattern DIGITS = Pattern.compile("[0-9]+");

	// timestamptz reaches further, but java.sql.Timestamp and users do not
	private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");

	private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

	private final String sql;

	private final Map<String, Object> parameters;

	private ConversationFilter(String sql, Map<String, Object> parameters) {
		this.sql = sql;
		this.parameters = parameters;
	}

	/**
	 * Reads a {@code filters} query.
	 * @param query the query in Lucene syntax; {@code null} or blank matches every
	 * conversation
	 * @param callerId the user {@code assignee_id:me} names
	 * @return the filter
	 * @throws BadRequestException when the query does not parse, is longer than 4096
	 * characters or has more than 100 conditions, names an unknown field or an invalid
	 * metadata key, holds a value its field cannot take, or uses fuzzy,
	 * regular-expression or other unsupported syntax
	 */
	static ConversationFilter parse(String query, UUID callerId) {
		if (query == null || query.isBlank()) {
			return EVERYTHING;
		}
		if (query.length() > MAX_LENGTH) {
			throw new BadRequestException("The filter is longer than " + MAX_LENGTH + " characters.");
		}
		// PostgreSQL text cannot hold NUL: binding it would fail as a 500
		if (query.indexOf('\0') >= 0) {
			throw new BadRequestException("The filter contains a NUL character.");
		}
		Translation translation = new Translation(callerId);
		String sql = translation.condition(luceneQuery(query));
		return new ConversationFilter(sql, Collections.unmodifiableMap(translation.parameters));
	}

	/**
	 * The condition, an SQL boolean expression on {@code conversations c}.
	 */
	String sql() {
		return this.sql;
	}

	/**
	 * The values of the condition's named parameters, for {@code JdbcClient.params(Map)}.
	 */
	Map<String, Object> parameters() {
		return this.parameters;
	}

	@Override
	public String toString() {
		return this.sql + " " + this.parameters;
	}

	private static Query luceneQuery(String query) {
		QueryParser parser = new QueryParser(DEFAULT_FIELD, new KeywordAnalyzer());
		parser.setAllowLeadingWildcard(true);
		// otherwise Lucene hands "ada lovelace" to the analyzer as one text, which the
		// keyword analyzer keeps as one phrase: only quotes make a phrase
		parser.setSplitOnWhitespace(true);
		try {
			return parser.parse(query);
		}
		catch (ParseException ex) {
			if (ex.getCause() instanceof IndexSearcher.TooManyClauses) {
				throw tooManyConditions();
			}
			// the wrapper's message repeats the whole query; the cause says what is wrong
			Throwable reason = (ex.getCause() != null) ? ex.getCause() : ex;
			throw new BadRequestException("The filter does not parse: " + firstLine(reason.getMessage()));
		}
		catch (IllegalArgumentException | TooComplexToDeterminizeException ex) {
			// Lucene compiles wildcards and regular expressions while it parses
			throw new BadRequestException("The filter does not parse: " + firstLine(ex.getMessage()));
		}
	}

	private static String firstLine(String message) {
		return (message != null) ? message.lines().findFirst().orElse("").strip() : "";
	}

	private static BadRequestException tooManyConditions() {
		return new BadRequestException("The filter has more than " + MAX_CONDITIONS + " conditions.");
	}

	private static BadRequestException unsupported(String construct) {
		return new BadRequestException("The filter uses " + construct + ", which is not supported.");
	}

	private static BadRequestException invalidValue(String field, String expected, String value) {
		return new BadRequestException(
				"The filter field '" + field + "' needs " + expected + ", not " + quoted(value) + ".");
	}

	private static String quoted(String value) {
		return "'" + ((value.length() > 64) ? value.substring(0, 64) + "…" : value) + "'";
	}

	private static String and(List<String> conditions) {
		// "id:* AND ..." is how the inbox says "all": no need to keep the true
		return join(conditions.stream().filter((condition) -> !condition.equals("true")).toList(), " and ", "true");
	}

	private static String or(List<String> conditions) {
		return join(conditions, " or ", "false");
	}

	private static String join(List<String> conditions, String operator, String empty) {
		return switch (conditions.size()) {
			case 0 -> empty;
			case 1 -> conditions.get(0);
			default -> "(" + String.join(operator, conditions) + ")";
		};
	}

	private static String not(String condition) {
		return "not " + (wrapped(condition) ? condition : "(" + condition + ")");
	}

	// whether its outer parentheses enclose all of it; "(a) or (b)" is not enclosed
	private static boolean wrapped(String condition) {
		if (!condition.startsWith("(") || !condition.endsWith(")")) {
			return false;
		}
		int depth = 0;
		for (int i = 0; i < condition.length(); i++) {
			char c = condition.charAt(i);
			depth += (c == '(') ? 1 : (c == ')') ? -1 : 0;
			if (depth == 0 && i < condition.length() - 1) {
				return false;
			}
		}
		return true;
	}

	private static UUID uuid(String field, String value) {
		if (!UUID_TEXT.matcher(value).matches()) {
			throw invalidValue(field, "a UUID", value);
		}
		return UUID.fromString(value);
	}

	private static int wholeNumber(String field, String value) {
		try {
			return Integer.parseInt(value);
		}
		catch (NumberFormatException ex) {
			throw invalidValue(field, "a whole number", value);
		}
	}

	/**
	 * The number a JSON document would hold for the text, or {@code null}. Magnitudes
	 * that PostgreSQL's numeric cannot hold are not numbers here.
	 */
	private static BigDecimal jsonNumber(String value) {
		if (!JSON_NUMBER.matcher(value).matches()) {
			return null;
		}
		try {
			BigDecimal number = new BigDecimal(value);
			return (number.precision() <= 1000 && Math.abs(number.scale()) <= 1000) ? number : null;
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	private static Instant instant(String field, String value) {
		String text = value.strip().toUpperCase(Locale.ROOT);
		Instant instant = null;
		if (DIGITS.matcher(text).matches()) {
			try {
				instant = Instant.ofEpochMilli(Long.parseLong(text));
			}
			catch (NumberFormatException ex) {
				// too many digits: out of range below
			}
		}
		else {
			instant = parseIsoInstant(text);
		}
		if (instant == null || instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
			throw invalidValue(field, "an ISO-8601 date-time between the years 1 and 9999, quoted when it has colons ("
					+ field + ":\"2026-01-01T00:00:00Z\"), a date (2026-01-01) or epoch milliseconds", value);
		}
		return instant;
	}

	private static Instant parseIsoInstant(String text) {
		try {
			return Instant.parse(text);
		}
		catch (DateTimeParseException ex) {
			// not an instant with seconds; try the looser forms
		}
		try {
			return OffsetDateTime.parse(text).toInstant();
		}
		catch (DateTimeParseException ex) {
			// not a date-time with offset
		}
		try {
			return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	/**
	 * The translation of one query; it collects the parameters as it goes.
	 */
	private static final class Translation {

		private final Map<String, Object> parameters = new LinkedHashMap<>();

		private final UUID callerId;

		private int conditions;

		Translation(UUID callerId) {
			this.callerId = callerId;
		}

		String condition(Query query) {
			return switch (query) {
				case BoostQuery boost -> condition(boost.getQuery());
				case BooleanQuery bool -> group(bool.clauses());
				case MatchAllDocsQuery all -> {
					count();
					yield "true";
				}
				case TermQuery term -> field(term.getTerm().field()).term(this, term.getTerm().text());
				case PrefixQuery prefix ->
					field(prefix.getField()).pattern(this, Wildcard.prefix(prefix.getPrefix().text()));
				case WildcardQuery wildcard ->
					field(wildcard.getField()).pattern(this, Wildcard.parse(wildcard.getTerm().text()));
				case TermRangeQuery range ->
					field(range.getField()).range(this, new Bound(text(range.getLowerTerm()), range.includesLower()),
							new Bound(text(range.getUpperTerm()), range.includesUpper()));
				case FuzzyQuery fuzzy -> throw unsupported("fuzzy matching (~)");
				case RegexpQuery regexp -> throw unsupported("a regular expression (/…/)");
				default -> throw unsupported(quoted(query.toString()));
			};
		}

		/**
		 * A parameter reference for the value.
		 */
		String bind(Object value) {
			String name = "f" + this.parameters.size();
			this.parameters.put(name, value);
			return ":" + name;
		}

		private Field field(String name) {
			count();
			return Field.named(name);
		}

		private void count() {
			if (++this.conditions > MAX_CONDITIONS) {
				throw tooManyConditions();
			}
		}

		private String group(List<BooleanClause> clauses) {
			boolean anyRequired = clauses.stream()
				.anyMatch((clause) -> clause.occur() == BooleanClause.Occur.MUST
						|| clause.occur() == BooleanClause.Occur.FILTER);
			List<String> required = new ArrayList<>();
			List<String> optional = new ArrayList<>();
			List<String> excluded = new ArrayList<>();
			for (BooleanClause clause : clauses) {
				switch (clause.occur()) {
					case MUST, FILTER -> required.add(condition(clause.query()));
					case SHOULD -> {
						if (anyRequired) {
							check(clause.query());
						}
						else {
							optional.add(condition(clause.query()));
						}
					}
					case MUST_NOT -> excluded.add(not(condition(clause.query())));
				}
			}
			List<String> conditions = new ArrayList<>(required);
			if (!optional.isEmpty()) {
				conditions.add(or(optional));
			}
			conditions.addAll(excluded);
			// an empty group matches nothing in Lucene; only NOT clauses mean "all but"
			return conditions.isEmpty() ? "false" : and(conditions);
		}

		// Lucene ignores optional clauses next to required ones; they must still be valid
		private void check(Query ignored) {
			Translation scratch = new Translation(this.callerId);
			scratch.conditions = this.conditions;
			scratch.condition(ignored);
			this.conditions = scratch.conditions;
		}

		private static String text(BytesRef bound) {
			return (bound != null) ? bound.utf8ToString() : null;
		}

	}

	/**
	 * One end of a range; {@code value} is {@code null} for an open ({@code *}) end.
	 */
	private record Bound(String value, boolean inclusive) {

		boolean open() {
			return this.value == null;
		}

	}

	/**
	 * Comparisons of an expression with the ends of a range, {@code true} for
	 * {@code [* TO *]}.
	 */
	private static String between(Translation sql, String expression, Bound lower, Bound upper,
			Function<String, Object> value) {
		List<String> comparisons = new ArrayList<>();
		if (!lower.open()) {
			comparisons.add(expression + (lower.inclusive() ? " >= " : " > ") + sql.bind(value.apply(lower.value())));
		}
		if (!upper.open()) {
			comparisons.add(expression + (upper.inclusive() ? " <= " : " < ") + sql.bind(value.apply(upper.value())));
		}
		return and(comparisons);
	}

	/**
	 * A filter field and how its terms, wildcards and ranges become SQL. What a field
	 * does not take is a 400.
	 */
	private sealed interface Field {

		String FIELDS = "id, channel_id, source, display_name, created_at, unread_count, tag_ids, state, assignee_id, "
				+ "metadata.<key>";

		String name();

		String term(Translation sql, String value);

		default String pattern(Translation sql, Wildcard wildcard) {
			if (wildcard.matchesAnything()) {
				return "true";
			}
			throw new BadRequestException(
					"The filter field '" + name() + "' takes no wildcard other than '*' alone" + hint() + ".");
		}

		default String range(Translation sql, Bound lower, Bound upper) {
			throw new BadRequestException("The filter field '" + name() + "' takes no range" + hint() + ".");
		}

		default String hint() {
			return "";
		}

		static Field named(String name) {
			return switch (name) {
				case "id" -> new UuidColumn("id", "c.id");
				case "channel_id" -> new UuidColumn("channel_id", "c.channel_id");
				case "source" -> new Source();
				case "display_name" -> new DisplayName();
				case "created_at" -> new CreatedAt();
				case "unread_count" -> new UnreadCount();
				case "tag_ids" -> new TagIds();
				case "state" -> new State();
				case "assignee_id" -> new AssigneeId();
				default -> {
					if (name.startsWith("metadata.")) {
						yield MetadataValue.of(name);
					}
					throw new BadRequestException(
							"Unknown filter field " + quoted(name) + "; use one of " + FIELDS + ".");
				}
			};
		}

	}

	private record UuidColumn(String name, String column) implements Field {

		@Override
		public String term(Translation sql, String value) {
			return this.column + " = " + sql.bind(uuid(this.name, value));
		}

		@Override
		public String pattern(Translation sql, Wildcard wildcard) {
			// UUIDs print in lower case
			return wildcard.matchesAnything() ? "true" : this.column + "::text like " + sql.bind(wildcard.like(true));
		}

	}

	private record Source() implements Field {

		@Override
		public String name() {
			return "source";
		}

		@Override
		public String term(Translation sql, String value) {
			return "c.source = " + sql.bind(value);
		}

		@Override
		public String pattern(Translation sql, Wildcard wildcard) {
			return wildcard.matchesAnything() ? "true" : "c.source like " + sql.bind(wildcard.like(false));
		}

	}

	/**
	 * Word matching, as Lucene's whitespace tokenizer with lower-casing indexed the name:
	 * a regular expression on the lower-cased name, which the trigram index serves.
	 */
	private record DisplayName() implements Field {

		@Override
		public String name() {
			return "display_name";
		}

		@Override
		public String term(Translation sql, String value) {
			return pattern(sql, Wildcard.literal(value));
		}

		@Override
		public String pattern(Translation sql, Wildcard wildcard) {
			return wildcard.matchesAnything() ? "true" : "lower(c.display_name) ~ " + sql.bind(wildcard.wordRegex());
		}

	}

	private record CreatedAt() implements Field {

		@Override
		public String name() {
			return "created_at";
		}

		// a value names a millisecond and the column holds microseconds: a term covers
		// its whole millisecond, and so does an inclusive end of a range
		@Override
		public String term(Translation sql, String value) {
			Instant instant = instant(name(), value);
			return "(c.created_at >= " + sql.bind(Timestamp.from(instant)) + " and c.created_at < "
					+ sql.bind(Timestamp.from(instant.plusMillis(1))) + ")";
		}

		@Override
		public String range(Translation sql, Bound lower, Bound upper) {
			List<String> comparisons = new ArrayList<>();
			if (!lower.open()) {
				Instant from = instant(name(), lower.value());
				comparisons
					.add("c.created_at >= " + sql.bind(Timestamp.from(lower.inclusive() ? from : from.plusMillis(1))));
			}
			if (!upper.open()) {
				Instant to = instant(name(), upper.value());
				comparisons
					.add("c.created_at < " + sql.bind(Timestamp.from(upper.inclusive() ? to.plusMillis(1) : to)));
			}
			return and(comparisons);
		}

	}

	private record UnreadCount() implements Field {

		@Override
		public String name() {
			return "unread_count";
		}

		@Override
		public String term(Translation sql, String value) {
			return "c.unread_count = " + sql.bind(wholeNumber(name(), value));
		}

		@Override
		public String range(Translation sql, Bound lower, Bound upper) {
			return between(sql, "c.unread_count", lower, upper, (value) -> wholeNumber(name(), value));
		}

	}

	private record TagIds() implements Field {

		@Override
		public String name() {
			return "tag_ids";
		}

		@Override
		public String term(Translation sql, String value) {
			return "exists (select 1 from conversation_tags ct where ct.conversation_id = c.id and ct.tag_id = "
					+ sql.bind(uuid(name(), value)) + ")";
		}

		@Override
		public String pattern(Translation sql, Wildcard wildcard) {
			if (wildcard.matchesAnything()) {
				return "exists (select 1 from conversation_tags ct where ct.conversation_id = c.id)";
			}
			return Field.super.pattern(sql, wildcard);
		}

	}

	private record State() implements Field {

		@Override
		public String name() {
			return "state";
		}

		@Override
		public String term(Translation sql, String value) {
			String state = value.toUpperCase(Locale.ROOT);
			if (!state.equals("OPEN") && !state.equals("CLOSED")) {
				throw new BadRequestException(
						"The filter value " + quoted(value) + " is not a state: state must be OPEN or CLOSED.");
			}
			return "c.state = " + sql.bind(state);
		}

		@Override
		public String hint() {
			return "; state must be OPEN or CLOSED";
		}

	}

	/**
	 * The assignee: a user, the caller ({@code me}) or nobody ({@code none}). A
	 * conversation without one never matches a user, also under {@code NOT}: the
	 * condition is never SQL null.
	 */
	private record AssigneeId() implements Field {

		@Override
		public String name() {
			return "assignee_id";
		}

		@Override
		public String term(Translation sql, String value) {
			String word = value.toLowerCase(Locale.ROOT);
			if (word.equals("none")) {
				return "c.assignee_id is null";
			}
			if (!word.equals("me") && !UUID_TEXT.matcher(value).matches()) {
				throw invalidValue(name(), "a UUID, me or none", value);
			}
			UUID user = word.equals("me") ? sql.callerId : UUID.fromString(value);
			return "(c.assignee_id = " + sql.bind(user) + " and c.assignee_id is not null)";
		}

		@Override
		public String pattern(Translation sql, Wildcard wildcard) {
			if (wildcard.matchesAnything()) {
				return "c.assignee_id is not null";
			}
			return Field.super.pattern(sql, wildcard);
		}

		@Override
		public String hint() {
			return "; use a UUID, me or none";
		}

	}

	/**
	 * A value in the metadata document. The path to it is bound segment by segment, so
	 * key text never reaches the SQL either.
	 */
	private record MetadataValue(String name, List<String> path) implements Field {

		private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_-]+");

		private static final int MAX_DEPTH = 8;

		private static final int MAX_KEY_LENGTH = 256;

		static MetadataValue of(String field) {
			String key = field.substring("metadata.".length());
			List<String> path = List.of(key.split("\\.", -1));
			if (key.length() > MAX_KEY_LENGTH || path.size() > MAX_DEPTH
					|| !path.stream().allMatch((segment) -> SEGMENT.matcher(segment).matches())) {
				throw new BadRequestException("The metadata key " + quoted(key) + " is not valid: use up to "
						+ MAX_DEPTH + " dot-separated segments of letters, digits, '_' and '-', " + MAX_KEY_LENGTH
						+ " characters at most.");
			}
			return new MetadataValue(field, path);
		}

		// containment is what the jsonb_path_ops index serves; the stored value may be
		// the string, or the number or boolean the term spells
		@Override
		public String term(Translation sql, String value) {
			List<String> matches = new ArrayList<>();
			matches.add(contains(sql, (node, key) -> node.put(key, value)));
			BigDecimal number = jsonNumber(value);
			if (number != null) {
				matches.add(contains(sql, (node, key) -> node.put(key, number)));
			}
			if (value.equals("true") || value.equals("false")) {
				matches.add(contains(sql, (node, key) -> node.put(key, Boolean.parseBoolean(value))));
			}
			return or(matches);
		}

		@Override
		public String pattern(Translation sql, Wildcard wildcard) {
			if (wildcard.matchesAnything()) {
				return "c.metadata #> " + path(sql) + " is not null";
			}
			// a missing key gives null, which must read as "no match", also under NOT
			return "coalesce(lower(c.metadata #>> " + path(sql) + ") like " + sql.bind(wildcard.like(true))
					+ ", false)";
		}

		// the cast only runs on numbers: a case guarantees the order, and/or would not
		@Override
		public String range(Translation sql, Bound lower, Bound upper) {
			String path = path(sql);
			String comparisons = between(sql, "(c.metadata #>> " + path + ")::numeric", lower, upper, (bound) -> {
				BigDecimal number = jsonNumber(bound);
				if (number == null) {
					throw invalidValue(this.name, "numbers at the ends of a range", bound);
				}
				return number;
			});
			return "(case when jsonb_typeof(c.metadata #> " + path + ") = 'number' then " + comparisons
					+ " else false end)";
		}

		private String contains(Translation sql, BiConsumer<ObjectNode, String> value) {
			ObjectNode document = JSON.createObjectNode();
			ObjectNode node = document;
			for (String segment : this.path.subList(0, this.path.size() - 1)) {
				node = node.putObject(segment);
			}
			value.accept(node, this.path.getLast());
			return "c.metadata @> cast(" + sql.bind(JSON.writeValueAsString(document)) + " as jsonb)";
		}

		private String path(Translation sql) {
			return "array[" + this.path.stream().map(sql::bind).collect(Collectors.joining(", ")) + "]::text[]";
		}

	}

	/**
	 * A term or wildcard pattern as literal characters and Lucene's {@code *} (any run of
	 * characters) and {@code ?} (one character), ready to become a LIKE pattern or a
	 * word-matching regular expression.
	 */
	private record Wildcard(List<Symbol> symbols) {

		sealed interface Symbol permits Literal, Wild {

		}

		record Literal(int codePoint) implements Symbol {

		}

		enum Wild implements Symbol {

			ANY, ONE

		}

		static Wildcard literal(String text) {
			return new Wildcard(text.codePoints().<Symbol>mapToObj(Literal::new).toList());
		}

		static Wildcard prefix(String prefix) {
			List<Symbol> symbols = new ArrayList<>(literal(prefix).symbols());
			symbols.add(Wild.ANY);
			return new Wildcard(symbols);
		}

		/**
		 * Reads the text of a {@link WildcardQuery}, where a backslash makes the next
		 * character literal.
		 */
		static Wildcard parse(String text) {
			List<Symbol> symbols = new ArrayList<>();
			int[] codePoints = text.codePoints().toArray();
			for (int i = 0; i < codePoints.length; i++) {
				int c = codePoints[i];
				if (c == '\\' && i + 1 < codePoints.length) {
					symbols.add(new Literal(codePoints[++i]));
				}
				else {
					symbols.add((c == '*') ? Wild.ANY : (c == '?') ? Wild.ONE : new Literal(c));
				}
			}
			return new Wildcard(symbols);
		}

		boolean matchesAnything() {
			return !this.symbols.isEmpty() && this.symbols.stream().allMatch(Wild.ANY::equals);
		}

		/**
		 * A LIKE pattern (backslash escapes) for the whole value.
		 */
		String like(boolean lowerCase) {
			StringBuilder like = new StringBuilder();
			for (Symbol symbol : this.symbols) {
				switch (symbol) {
					case Wild.ANY -> like.append('%');
					case Wild.ONE -> like.append('_');
					case Literal(int c) -> {
						if (c == '%' || c == '_' || c == '\\') {
							like.append('\\');
						}
						like.appendCodePoint(lowerCase ? Character.toLowerCase(c) : c);
					}
				}
			}
			return like.toString();
		}

		/**
		 * A PostgreSQL regular expression that finds the words of the pattern, in a row,
		 * in a lower-cased text: spaces in the pattern separate words, {@code *} and
		 * {@code ?} stay within a word.
		 */
		String wordRegex() {
			StringBuilder regex = new StringBuilder("(^|\\s)");
			boolean words = false;
			boolean space = false;
			for (Symbol symbol : this.symbols) {
				if (symbol instanceof Literal(int c) && Character.isWhitespace(c)) {
					space = words;
					continue;
				}
				if (space) {
					regex.append("\\s+");
					space = false;
				}
				words = true;
				switch (symbol) {
					case Wild.ANY -> regex.append("\\S*");
					case Wild.ONE -> regex.append("\\S");
					case Literal(int c) -> {
						// a backslash before any other character than a letter or digit
						// makes it literal in PostgreSQL's regular expressions
						if (!Character.isLetterOrDigit(c)) {
							regex.append('\\');
						}
						regex.appendCodePoint(Character.toLowerCase(c));
					}
				}
			}
			if (!words) {
				throw new BadRequestException("The filter field 'display_name' needs a word to search for.");
			}
			return regex.append("(\\s|$)").toString();
		}

	}

}

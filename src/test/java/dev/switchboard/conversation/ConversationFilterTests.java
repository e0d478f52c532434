package dev.switchboard.conversation;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import dev.switchboard.common.error.BadRequestException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

class ConversationFilterTests {

	private static final String TAG = "7d444840-9dc0-11d1-b245-5ffdce74fad2";

	private static final String OTHER_TAG = "0b8c5f52-8c7e-4b7a-9f2a-3a1f2c9d4e11";

	private static final UUID ME = UUID.fromString("5a0e8f3c-1b2d-4e6f-8a9b-0c1d2e3f4a5b");

	@Test
	void noQueryMatchesEverything() {
		for (String query : new String[] { null, "", "  \n " }) {
			ConversationFilter filter = ConversationFilter.parse(query, ME);
			assertThat(filter.sql()).isEqualTo("true");
			assertThat(filter.parameters()).isEmpty();
		}
		assertThat(ConversationFilter.parse("*:*", ME).sql()).isEqualTo("true");
	}

	@Test
	void idsMatchAsUuids() {
		ConversationFilter filter = ConversationFilter.parse("id:" + TAG.toUpperCase(), ME);
		assertThat(filter.sql()).isEqualTo("c.id = :f0");
		assertThat(filter.parameters()).containsExactly(entry("f0", UUID.fromString(TAG)));

		filter = ConversationFilter.parse("channel_id:" + TAG, ME);
		assertThat(filter.sql()).isEqualTo("c.channel_id = :f0");
		assertThat(filter.parameters()).containsExactly(entry("f0", UUID.fromString(TAG)));
	}

	@Test
	void aStarAloneMatchesEveryIdAndOtherIdWildcardsMatchTheText() {
		assertThat(ConversationFilter.parse("id:*", ME).sql()).isEqualTo("true");

		ConversationFilter prefix = ConversationFilter.parse("channel_id:7D44*", ME);
		assertThat(prefix.sql()).isEqualTo("c.channel_id::text like :f0");
		assertThat(prefix.parameters()).containsExactly(entry("f0", "7d44%"));

		ConversationFilter wildcard = ConversationFilter.parse("id:*11d1?b245*", ME);
		assertThat(wildcard.sql()).isEqualTo("c.id::text like :f0");
		assertThat(wildcard.parameters()).containsExactly(entry("f0", "%11d1_b245%"));
	}

	@Test
	void aBadUuidIsRefusedNamingTheField() {
		assertBadRequest("id:12345", "The filter field 'id' needs a UUID, not '12345'.");
		assertBadRequest("channel_id:1-2-3-4-5", "'channel_id' needs a UUID");
		assertBadRequest("tag_ids:nope", "'tag_ids' needs a UUID");
		assertBadRequest("id:[a TO b]", "The filter field 'id' takes no range.");
	}

	@Test
	void sourceMatchesExactlyOrAsALikePattern() {
		ConversationFilter filter = ConversationFilter.parse("source:(facebook OR google)", ME);
		assertThat(filter.sql()).isEqualTo("(c.source = :f0 or c.source = :f1)");
		assertThat(filter.parameters()).containsExactly(entry("f0", "facebook"), entry("f1", "google"));

		ConversationFilter pattern = ConversationFilter.parse("source:*50%_off\\*?", ME);
		assertThat(pattern.sql()).isEqualTo("c.source like :f0");
		assertThat(pattern.parameters()).containsExactly(entry("f0", "%50\\%\\_off*_"));

		ConversationFilter prefix = ConversationFilter.parse("source:Twilio*", ME);
		assertThat(prefix.parameters()).containsExactly(entry("f0", "Twilio%"));
		assertThat(ConversationFilter.parse("source:*", ME).sql()).isEqualTo("true");
		assertBadRequest("source:[a TO b]", "'source' takes no range");
	}

	@Test
	void stateIsMatchedWhateverItsCase() {
		ConversationFilter filter = ConversationFilter.parse("state:closed", ME);
		assertThat(filter.sql()).isEqualTo("c.state = :f0");
		assertThat(filter.parameters()).containsExactly(entry("f0", "CLOSED"));
		assertThat(ConversationFilter.parse("state:Open", ME).parameters()).containsExactly(entry("f0", "OPEN"));
		assertThat(ConversationFilter.parse("state:*", ME).sql()).isEqualTo("true");

		assertBadRequest("state:archived", "state must be OPEN or CLOSED");
		assertBadRequest("state:OP*", "state must be OPEN or CLOSED");
		assertBadRequest("state:[A TO Z]", "takes no range");
	}

	@Test
	void displayNameMatchesWordsCaseInsensitively() {
		ConversationFilter word = ConversationFilter.parse("display_name:Ada", ME);
		assertThat(word.sql()).isEqualTo("lower(c.display_name) ~ :f0");
		assertThat(word.parameters()).containsExactly(entry("f0", "(^|\\s)ada(\\s|$)"));

		assertThat(ConversationFilter.parse("display_name:*Lovelace", ME).parameters())
			.containsExactly(entry("f0", "(^|\\s)\\S*lovelace(\\s|$)"));
		assertThat(ConversationFilter.parse("display_name:love*", ME).parameters())
			.containsExactly(entry("f0", "(^|\\s)love\\S*(\\s|$)"));
		assertThat(ConversationFilter.parse("display_name:l?ve", ME).parameters())
			.containsExactly(entry("f0", "(^|\\s)l\\Sve(\\s|$)"));
		assertThat(ConversationFilter.parse("display_name:\" Ada   Lovelace \"", ME).parameters())
			.containsExactly(entry("f0", "(^|\\s)ada\\s+lovelace(\\s|$)"));
		assertThat(ConversationFilter.parse("display_name:*", ME).sql()).isEqualTo("true");
	}

	@Test
	void anUnfieldedTermSearchesTheDisplayName() {
		ConversationFilter filter = ConversationFilter.parse("ada lovelace", ME);
		assertThat(filter.sql()).isEqualTo("(lower(c.display_name) ~ :f0 or lower(c.display_name) ~ :f1)");
		assertThat(filter.parameters()).containsExactly(entry("f0", "(^|\\s)ada(\\s|$)"),
				entry("f1", "(^|\\s)lovelace(\\s|$)"));
	}

	@Test
	void regexCharactersOfADisplayNameAreLiteral() {
		assertThat(ConversationFilter.parse("display_name:\"a.b (c)* [d]$ \\\\ é\"", ME).parameters())
			.containsExactly(entry("f0", "(^|\\s)a\\.b\\s+\\(c\\)\\*\\s+\\[d\\]\\$\\s+\\\\\\s+é(\\s|$)"));
		assertThat(ConversationFilter.parse("display_name:a.b\\*c*", ME).parameters())
			.containsExactly(entry("f0", "(^|\\s)a\\.b\\*c\\S*(\\s|$)"));
		assertBadRequest("display_name:\"  \"", "needs a word");
		assertBadRequest("display_name:[a TO b]", "'display_name' takes no range");
	}

	@Test
	void createdAtTermsMatchTheirMillisecond() {
		Instant instant = Instant.parse("2026-01-01T10:00:00.123Z");
		for (String value : new String[] { "\"2026-01-01T10:00:00.123Z\"", "\"2026-01-01t11:00:00.123+01:00\"",
				String.valueOf(instant.toEpochMilli()) }) {
			ConversationFilter filter = ConversationFilter.parse("created_at:" + value, ME);
			assertThat(filter.sql()).isEqualTo("(c.created_at >= :f0 and c.created_at < :f1)");
			assertThat(filter.parameters()).containsExactly(entry("f0", Timestamp.from(instant)),
					entry("f1", Timestamp.from(instant.plusMillis(1))));
		}
		assertThat(ConversationFilter.parse("created_at:2026-01-01", ME).parameters()).containsEntry("f0",
				Timestamp.from(Instant.parse("2026-01-01T00:00:00Z")));
	}

	@Test
	void createdAtRangesHaveInclusiveExclusiveAndOpenEnds() {
		Instant from = Instant.parse("2026-01-01T00:00:00Z");
		Instant to = Instant.parse("2026-02-01T00:00:00Z");
		ConversationFilter inclusive = ConversationFilter
			.parse("created_at:[2026-01-01T00:00:00Z TO " + to.toEpochMilli() + "]", ME);
		assertThat(inclusive.sql()).isEqualTo("(c.created_at >= :f0 and c.created_at < :f1)");
		assertThat(inclusive.parameters()).containsExactly(entry("f0", Timestamp.from(from)),
				entry("f1", Timestamp.from(to.plusMillis(1))));

		ConversationFilter exclusive = ConversationFilter.parse("created_at:{2026-01-01 TO \"2026-02-01T00:00:00Z\"}",
				ME);
		assertThat(exclusive.parameters()).containsExactly(entry("f0", Timestamp.from(from.plusMillis(1))),
				entry("f1", Timestamp.from(to)));

		ConversationFilter open = ConversationFilter.parse("created_at:[* TO 2026-02-01}", ME);
		assertThat(open.sql()).isEqualTo("c.created_at < :f0");
		assertThat(open.parameters()).containsExactly(entry("f0", Timestamp.from(to)));
		assertThat(ConversationFilter.parse("created_at:[* TO *]", ME).sql()).isEqualTo("true");
	}

	@Test
	void aBadCreatedAtIsRefusedWithTheAcceptedForms() {
		assertBadRequest("created_at:yesterday",
				"The filter field 'created_at' needs an ISO-8601 date-time between the years 1 and 9999");
		assertBadRequest("created_at:yesterday", "epoch milliseconds, not 'yesterday'.");
		assertBadRequest("created_at:[2026-13-01 TO *]", "'created_at' needs");
		assertBadRequest("created_at:99999999999999999999", "'created_at' needs");
		assertBadRequest("created_at:2026*", "'created_at' takes no wildcard");
	}

	@Test
	void unreadCountsCompareAsNumbers() {
		ConversationFilter term = ConversationFilter.parse("unread_count:0", ME);
		assertThat(term.sql()).isEqualTo("c.unread_count = :f0");
		assertThat(term.parameters()).containsExactly(entry("f0", 0));

		ConversationFilter atLeastOne = ConversationFilter.parse("unread_count:[1 TO *]", ME);
		assertThat(atLeastOne.sql()).isEqualTo("c.unread_count >= :f0");
		assertThat(atLeastOne.parameters()).containsExactly(entry("f0", 1));

		ConversationFilter exclusive = ConversationFilter.parse("unread_count:{1 TO 5}", ME);
		assertThat(exclusive.sql()).isEqualTo("(c.unread_count > :f0 and c.unread_count < :f1)");
		assertThat(exclusive.parameters()).containsExactly(entry("f0", 1), entry("f1", 5));
		assertThat(ConversationFilter.parse("unread_count:[* TO 3]", ME).sql()).isEqualTo("c.unread_count <= :f0");

		assertBadRequest("unread_count:many", "The filter field 'unread_count' needs a whole number, not 'many'.");
		assertBadRequest("unread_count:[1.5 TO *]", "needs a whole number");
		assertBadRequest("unread_count:1*", "'unread_count' takes no wildcard");
	}

	@Test
	void tagIdsMatchTagsTheConversationCarries() {
		ConversationFilter both = ConversationFilter.parse("tag_ids:(" + TAG + " AND " + OTHER_TAG + ")", ME);
		assertThat(both.sql()).isEqualTo(
				"(exists (select 1 from conversation_tags ct where ct.conversation_id = c.id and ct.tag_id = :f0)"
						+ " and exists (select 1 from conversation_tags ct where ct.conversation_id = c.id and ct.tag_id = :f1))");
		assertThat(both.parameters()).containsExactly(entry("f0", UUID.fromString(TAG)),
				entry("f1", UUID.fromString(OTHER_TAG)));
		assertThat(ConversationFilter.parse("tag_ids:*", ME).sql())
			.isEqualTo("exists (select 1 from conversation_tags ct where ct.conversation_id = c.id)");

		assertBadRequest("tag_ids:7d44*", "'tag_ids' takes no wildcard other than '*' alone");
		assertBadRequest("tag_ids:[a TO b]", "'tag_ids' takes no range");
	}

	@Test
	void metadataTermsUseContainmentForTheStringAndWhatItSpells() {
		ConversationFilter string = ConversationFilter.parse("metadata.crm.owner:grace", ME);
		assertThat(string.sql()).isEqualTo("c.metadata @> cast(:f0 as jsonb)");
		assertThat(string.parameters()).containsExactly(entry("f0", "{\"crm\":{\"owner\":\"grace\"}}"));

		ConversationFilter number = ConversationFilter.parse("metadata.score:42.5", ME);
		assertThat(number.sql()).isEqualTo("(c.metadata @> cast(:f0 as jsonb) or c.metadata @> cast(:f1 as jsonb))");
		assertThat(number.parameters()).containsExactly(entry("f0", "{\"score\":\"42.5\"}"),
				entry("f1", "{\"score\":42.5}"));

		ConversationFilter bool = ConversationFilter.parse("metadata.vip:true", ME);
		assertThat(bool.parameters()).containsExactly(entry("f0", "{\"vip\":\"true\"}"), entry("f1", "{\"vip\":true}"));

		ConversationFilter quoted = ConversationFilter.parse("metadata.note:\"say \\\"hi\\\"\"", ME);
		assertThat(quoted.parameters()).containsExactly(entry("f0", "{\"note\":\"say \\\"hi\\\"\"}"));
	}

	@Test
	void metadataWildcardsTestTheKeyOrItsTextWithTheKeyBound() {
		ConversationFilter exists = ConversationFilter.parse("metadata.crm.owner:*", ME);
		assertThat(exists.sql()).isEqualTo("c.metadata #> array[:f0, :f1]::text[] is not null");
		assertThat(exists.parameters()).containsExactly(entry("f0", "crm"), entry("f1", "owner"));

		ConversationFilter like = ConversationFilter.parse("metadata.crm.owner:Gr*", ME);
		assertThat(like.sql()).isEqualTo("coalesce(lower(c.metadata #>> array[:f0, :f1]::text[]) like :f2, false)");
		assertThat(like.parameters()).containsExactly(entry("f0", "crm"), entry("f1", "owner"), entry("f2", "gr%"));
	}

	@Test
	void metadataRangesCompareNumbersOnly() {
		ConversationFilter range = ConversationFilter.parse("metadata.crm.score:[1 TO 10}", ME);
		assertThat(range.sql()).isEqualTo("(case when jsonb_typeof(c.metadata #> array[:f0, :f1]::text[]) = 'number'"
				+ " then ((c.metadata #>> array[:f0, :f1]::text[])::numeric >= :f2"
				+ " and (c.metadata #>> array[:f0, :f1]::text[])::numeric < :f3) else false end)");
		assertThat(range.parameters()).containsExactly(entry("f0", "crm"), entry("f1", "score"),
				entry("f2", new BigDecimal("1")), entry("f3", new BigDecimal("10")));

		assertThat(ConversationFilter.parse("metadata.score:[* TO *]", ME).sql()).isEqualTo(
				"(case when jsonb_typeof(c.metadata #> array[:f0]::text[]) = 'number' then true else false end)");
		assertBadRequest("metadata.score:[low TO *]",
				"The filter field 'metadata.score' needs numbers at the ends of a range, not 'low'.");
	}

	@Test
	void invalidMetadataKeysAreRefused() {
		assertBadRequest("metadata.:x", "The metadata key '' is not valid");
		assertBadRequest("metadata.a..b:x", "The metadata key 'a..b' is not valid");
		assertBadRequest("metadata.a\\ b:x", "is not valid");
		assertBadRequest("metadata.a$b:x", "is not valid");
		assertBadRequest("metadata.a.b.c.d.e.f.g.h.i:x", "up to 8 dot-separated segments");
		assertBadRequest("metadata." + "k".repeat(257) + ":x", "256 characters at most");
		assertThat(ConversationFilter.parse("metadata.a.b.c.d.e.f.g.h:x", ME).sql()).contains("@>");
	}

	@Test
	void booleanOperatorsAndParenthesesNest() {
		ConversationFilter filter = ConversationFilter.parse("source:facebook AND NOT state:CLOSED", ME);
		assertThat(filter.sql()).isEqualTo("(c.source = :f0 and not (c.state = :f1))");
		assertThat(filter.parameters()).containsExactly(entry("f0", "facebook"), entry("f1", "CLOSED"));

		assertThat(ConversationFilter.parse("unread_count:[1 TO *] AND source:(facebook OR google)", ME).sql())
			.isEqualTo("(c.unread_count >= :f0 and (c.source = :f1 or c.source = :f2))");
		assertThat(ConversationFilter.parse("(source:a OR source:b) AND NOT (state:open OR unread_count:0)", ME).sql())
			.isEqualTo("((c.source = :f0 or c.source = :f1) and not (c.state = :f2 or c.unread_count = :f3))");
		assertThat(ConversationFilter.parse("+source:a -source:b source:c", ME).sql())
			.isEqualTo("(c.source = :f0 and not (c.source = :f1))");
		assertThat(ConversationFilter.parse("source:a OR source:b -state:closed", ME).sql())
			.isEqualTo("((c.source = :f0 or c.source = :f1) and not (c.state = :f2))");
		assertThat(ConversationFilter.parse("source:a^2", ME).sql()).isEqualTo("c.source = :f0");
		assertThat(ConversationFilter.parse("id:* AND NOT metadata.state:CLOSED", ME).sql())
			.isEqualTo("not (c.metadata @> cast(:f0 as jsonb))");
	}

	@Test
	void onlyNegatedClausesMeanEverythingExcept() {
		assertThat(ConversationFilter.parse("NOT state:CLOSED", ME).sql()).isEqualTo("not (c.state = :f0)");
		assertThat(ConversationFilter.parse("-source:a -source:b", ME).sql())
			.isEqualTo("(not (c.source = :f0) and not (c.source = :f1))");
		assertThat(ConversationFilter.parse("unread_count:0 AND (NOT source:a)", ME).sql())
			.isEqualTo("(c.unread_count = :f0 and not (c.source = :f1))");
	}

	@Test
	void optionalClausesNextToRequiredOnesAreIgnoredAsInLuceneButStillChecked() {
		ConversationFilter filter = ConversationFilter.parse("source:a AND source:b OR source:c", ME);
		assertThat(filter.sql()).isEqualTo("(c.source = :f0 and c.source = :f1)");
		assertThat(filter.parameters()).containsOnlyKeys("f0", "f1");

		assertBadRequest("source:a AND source:b OR colour:red", "Unknown filter field 'colour'");
	}

	@Test
	void assigneesAreAUserTheCallerOrNobody() {
		ConversationFilter user = ConversationFilter.parse("assignee_id:" + TAG, ME);
		assertThat(user.sql()).isEqualTo("(c.assignee_id = :f0 and c.assignee_id is not null)");
		assertThat(user.parameters()).containsExactly(entry("f0", UUID.fromString(TAG)));
		assertThat(ConversationFilter.parse("assignee_id:me", ME).parameters()).containsExactly(entry("f0", ME));
		assertThat(ConversationFilter.parse("assignee_id:ME", ME).parameters()).containsExactly(entry("f0", ME));
		assertThat(ConversationFilter.parse("assignee_id:none", ME).sql()).isEqualTo("c.assignee_id is null");
		assertThat(ConversationFilter.parse("assignee_id:*", ME).sql()).isEqualTo("c.assignee_id is not null");
		assertThat(ConversationFilter.parse("assignee_id:me AND unread_count:[1 TO *]", ME).sql())
			.isEqualTo("((c.assignee_id = :f0 and c.assignee_id is not null) and c.unread_count >= :f1)");
	}

	@Test
	void anAssigneeThatIsNoUuidMeOrNoneIsRefused() {
		assertBadRequest("assignee_id:grace", "The filter field 'assignee_id' needs a UUID, me or none, not 'grace'.");
		assertBadRequest("assignee_id:m*", "The filter field 'assignee_id' takes no wildcard other than '*' alone");
		assertBadRequest("assignee_id:[a TO b]", "The filter field 'assignee_id' takes no range; use a UUID");
	}

	@Test
	void anUnknownFieldIsRefusedWithTheKnownOnes() {
		assertBadRequest("colour:red", "Unknown filter field 'colour'; use one of id, channel_id, source, display_name,"
				+ " created_at, unread_count, tag_ids, state, assignee_id, metadata.<key>.");
		assertBadRequest("metadata:x", "Unknown filter field 'metadata'");
		assertBadRequest("last_message_at:[1 TO *]", "Unknown filter field 'last_message_at'");
	}

	@Test
	void aQueryThatDoesNotParseIsRefusedWithLucenesReason() {
		for (String query : new String[] { "display_name:(", "source:\"open", "AND", "unread_count:[1 TO" }) {
			assertThatThrownBy(() -> ConversationFilter.parse(query, ME)).isInstanceOf(BadRequestException.class)
				.hasMessageStartingWith("The filter does not parse: ")
				.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain("\n").hasSizeGreaterThan(30));
		}
		assertBadRequest("display_name:(", "Encountered \"<EOF>\" at line 1, column 14.");
	}

	@Test
	void fuzzyAndRegularExpressionQueriesAreNotSupported() {
		assertBadRequest("display_name:ada~", "fuzzy matching (~), which is not supported");
		assertBadRequest("source:/face.*/", "a regular expression (/…/), which is not supported");
		assertBadRequest("source:/[/", "The filter does not parse: ");
	}

	@Test
	void longQueriesAndTooManyConditionsAreRefused() {
		String longest = "source:" + "a".repeat(ConversationFilter.MAX_LENGTH - 7);
		assertThat(ConversationFilter.parse(longest, ME).parameters()).hasSize(1);
		assertBadRequest(longest + "a", "The filter is longer than 4096 characters.");

		assertThat(ConversationFilter.parse("unread_count:1" + " OR unread_count:1".repeat(99), ME).parameters())
			.hasSize(100);
		assertBadRequest("unread_count:1" + " OR unread_count:1".repeat(100), "more than 100 conditions");
		assertBadRequest("a ".repeat(1100), "more than 100 conditions");
		assertThat(ConversationFilter.parse("(".repeat(2000) + "a" + ")".repeat(2000), ME).sql())
			.isEqualTo("lower(c.display_name) ~ :f0");
		assertBadRequest("source:a\0", "NUL");
	}

	@Test
	void userTextNeverReachesTheSql() {
		String evil = "x' or 1=1 --";
		for (String query : new String[] { "source:\"" + evil + "\"", "display_name:\"" + evil + "\"",
				"metadata.crm.owner:\"" + evil + "\"", "metadata.crm.owner:\"" + evil + "*\"", "source:x\\'*",
				"\"" + evil + "\" OR state:open", "metadata.crm-id_1.x:\"" + evil + "\"" }) {
			ConversationFilter filter = ConversationFilter.parse(query, ME);
			assertThat(filter.sql()).as(query).doesNotContain("x'", "1=1", "--", "crm", "owner");
			assertThat(filter.parameters().values()).as(query)
				.anySatisfy((value) -> assertThat(value.toString()).containsAnyOf("1=1", "x'", "x\\'"));
		}
	}

	@Test
	void parametersCannotBeChanged() {
		Map<String, Object> parameters = ConversationFilter.parse("source:a", ME).parameters();
		assertThatThrownBy(() -> parameters.put("f1", "b")).isInstanceOf(UnsupportedOperationException.class);
	}

	private static void assertBadRequest(String query, String detail) {
		assertThatThrownBy(() -> ConversationFilter.parse(query, ME)).as(query)
			.isInstanceOf(BadRequestException.class)
			.hasMessageContaining(detail);
	}

}

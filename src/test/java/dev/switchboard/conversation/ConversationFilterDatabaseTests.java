package dev.switchboard.conversation;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

import dev.switchboard.IntegrationTests;
import org.assertj.core.api.ListAssert;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs filters on PostgreSQL against a few conversations, to show that the SQL means what
 * the query says.
 */
class ConversationFilterDatabaseTests extends IntegrationTests {

	private static final Instant ADA_CREATED = Instant.parse("2026-01-01T00:00:00Z");

	private static final Instant GRACE_CREATED = Instant.parse("2026-01-02T12:00:00.123456Z");

	private static final Instant ADAM_CREATED = Instant.parse("2025-12-31T23:59:59.999Z");

	private static final Instant CAROL_CREATED = Instant.parse("2026-02-01T00:00:00Z");

	private static final UUID ME = UUID.randomUUID();

	private final UUID someoneElse = UUID.randomUUID();

	private final UUID workspace = UUID.randomUUID();

	private final UUID web = UUID.randomUUID();

	private final UUID phone = UUID.randomUUID();

	private final UUID vip = UUID.randomUUID();

	private final UUID billing = UUID.randomUUID();

	private UUID ada;

	private UUID grace;

	private UUID adam;

	private UUID carol;

	@BeforeEach
	void conversations() {
		this.jdbc.sql("insert into workspaces (id, name, created_at, updated_at) values (?, 'Test', now(), now())")
			.params(this.workspace)
			.update();
		channel(this.web, "facebook");
		channel(this.phone, "twilio.sms");
		tag(this.vip, "vip");
		tag(this.billing, "billing");
		this.ada = conversation(this.web, "facebook", "Ada Lovelace", "OPEN", 2, ADA_CREATED,
				"{\"crm\": {\"owner\": \"grace\", \"score\": 42}, \"state\": \"OPEN\"}");
		this.grace = conversation(this.web, "google", "Grace Hopper", "CLOSED", 0, GRACE_CREATED,
				"{\"crm\": {\"owner\": \"ada\", \"score\": 7.5}, \"state\": \"CLOSED\"}");
		this.adam = conversation(this.phone, "twilio.sms", "Adam Smith", "OPEN", 5, ADAM_CREATED,
				"{\"crm\": {\"score\": \"42\"}}");
		this.carol = conversation(this.phone, "facebook", "Carol  Lovelaceson", "OPEN", 1, CAROL_CREATED,
				"{\"vip\": true, \"crm\": {\"owner\": null}}");
		link(this.ada, this.vip);
		link(this.ada, this.billing);
		link(this.grace, this.vip);
		link(this.carol, this.billing);
		user(ME);
		user(this.someoneElse);
		assign(this.ada, ME);
		assign(this.adam, this.someoneElse);
	}

	@Test
	void everythingWithoutAFilter() {
		assertMatches("").containsExactlyInAnyOrder(this.ada, this.grace, this.adam, this.carol);
		assertMatches("*:*").containsExactlyInAnyOrder(this.ada, this.grace, this.adam, this.carol);
	}

	@Test
	void displayNamesMatchByWordWhateverTheCase() {
		assertMatches("display_name:*Lovelace").containsExactly(this.ada);
		assertMatches("display_name:ada").containsExactly(this.ada);
		assertMatches("ADA").containsExactly(this.ada);
		assertMatches("display_name:\"Ada Lovelace\"").containsExactly(this.ada);
		assertMatches("display_name:\"carol lovelaceson\"").containsExactly(this.carol);
		assertMatches("display_name:\"Lovelace Ada\"").isEmpty();
		assertMatches("display_name:love*").containsExactlyInAnyOrder(this.ada, this.carol);
		assertMatches("display_name:*ace*").containsExactlyInAnyOrder(this.ada, this.grace, this.carol);
		assertMatches("display_name:ad?").containsExactly(this.ada);
		assertMatches("display_name:\"a.a\"").isEmpty();
	}

	@Test
	void unreadCountsAndSources() {
		assertMatches("unread_count:[1 TO *] AND source:(facebook OR google)").containsExactlyInAnyOrder(this.ada,
				this.carol);
		assertMatches("unread_count:0").containsExactly(this.grace);
		assertMatches("unread_count:{1 TO 5}").containsExactly(this.ada);
		assertMatches("source:twilio*").containsExactly(this.adam);
		assertMatches("source:twilio").isEmpty();
	}

	@Test
	void tagIds() {
		assertMatches("tag_ids:(" + this.vip + " AND " + this.billing + ")").containsExactly(this.ada);
		assertMatches("tag_ids:(" + this.vip + " OR " + this.billing + ")").containsExactlyInAnyOrder(this.ada,
				this.grace, this.carol);
		assertMatches("tag_ids:*").containsExactlyInAnyOrder(this.ada, this.grace, this.carol);
		assertMatches("NOT tag_ids:*").containsExactly(this.adam);
	}

	@Test
	void states() {
		assertMatches("NOT state:CLOSED").containsExactlyInAnyOrder(this.ada, this.adam, this.carol);
		assertMatches("state:closed").containsExactly(this.grace);
		assertMatches("(display_name:ada OR display_name:grace) AND NOT state:CLOSED").containsExactly(this.ada);
	}

	@Test
	void metadataValues() {
		assertMatches("metadata.crm.owner:grace").containsExactly(this.ada);
		assertMatches("metadata.crm.owner:Grace").as("strings match case-sensitively").isEmpty();
		assertMatches("metadata.crm.score:42").as("the number 42 or the string \"42\"")
			.containsExactlyInAnyOrder(this.ada, this.adam);
		assertMatches("metadata.crm.score:7.50").containsExactly(this.grace);
		assertMatches("metadata.crm.score:[7 TO 42]").as("ranges compare numbers only")
			.containsExactlyInAnyOrder(this.ada, this.grace);
		assertMatches("metadata.crm.score:{7.5 TO *]").containsExactly(this.ada);
		assertMatches("metadata.crm.owner:*").as("a key holding null exists")
			.containsExactlyInAnyOrder(this.ada, this.grace, this.carol);
		assertMatches("metadata.crm.owner:GR*").containsExactly(this.ada);
		assertMatches("NOT metadata.crm.owner:gr*").as("a missing key does not match, so NOT keeps it")
			.containsExactlyInAnyOrder(this.grace, this.adam, this.carol);
		assertMatches("NOT metadata.crm.score:[0 TO 10]").containsExactlyInAnyOrder(this.ada, this.adam, this.carol);
		assertMatches("metadata.vip:true").containsExactly(this.carol);
		assertMatches("id:* AND NOT metadata.state:CLOSED").containsExactlyInAnyOrder(this.ada, this.adam, this.carol);
	}

	@Test
	void createdAtAsIsoInstantsOrEpochMilliseconds() {
		assertMatches("created_at:\"2026-01-01T00:00:00Z\"").containsExactly(this.ada);
		assertMatches("created_at:" + ADA_CREATED.toEpochMilli()).containsExactly(this.ada);
		assertMatches("created_at:" + GRACE_CREATED.toEpochMilli()).as("the whole millisecond")
			.containsExactly(this.grace);
		assertMatches("created_at:\"2026-01-02T13:00:00.123+01:00\"").containsExactly(this.grace);
		assertMatches("created_at:[2026-01-01T00:00:00Z TO *]").containsExactlyInAnyOrder(this.ada, this.grace,
				this.carol);
		assertMatches("created_at:{2026-01-01T00:00:00Z TO 2026-02-01T00:00:00Z]").containsExactlyInAnyOrder(this.grace,
				this.carol);
		assertMatches("created_at:[" + ADA_CREATED.toEpochMilli() + " TO " + GRACE_CREATED.toEpochMilli() + "]")
			.containsExactlyInAnyOrder(this.ada, this.grace);
		assertMatches("created_at:[" + ADA_CREATED.toEpochMilli() + " TO " + GRACE_CREATED.toEpochMilli() + "}")
			.containsExactly(this.ada);
		assertMatches("created_at:[* TO 2026-01-01}").containsExactly(this.adam);
	}

	@Test
	void idsAndChannels() {
		assertMatches("channel_id:" + this.phone).containsExactlyInAnyOrder(this.adam, this.carol);
		assertMatches("id:" + this.grace).containsExactly(this.grace);
		assertMatches("id:" + this.grace.toString().substring(0, 8).toUpperCase() + "*").contains(this.grace);
		assertMatches("id:(" + this.grace + " OR " + this.carol + ") AND NOT state:closed").containsExactly(this.carol);
	}

	@Test
	void assigneesMatchTheCallerAUserOrNobodyAndNotNegatesThemAll() {
		assertMatches("assignee_id:me").containsExactly(this.ada);
		assertMatches("assignee_id:" + this.someoneElse).containsExactly(this.adam);
		assertMatches("assignee_id:none").containsExactlyInAnyOrder(this.grace, this.carol);
		assertMatches("assignee_id:*").containsExactlyInAnyOrder(this.ada, this.adam);
		assertMatches("NOT assignee_id:me").containsExactlyInAnyOrder(this.grace, this.adam, this.carol);
		assertMatches("assignee_id:(me OR none) AND unread_count:[1 TO *]").containsExactlyInAnyOrder(this.ada,
				this.carol);
	}

	private ListAssert<UUID> assertMatches(String query) {
		ConversationFilter filter = ConversationFilter.parse(query, ME);
		return assertThat(this.jdbc.sql("select c.id from conversations c where " + filter.sql())
			.params(filter.parameters())
			.query(UUID.class)
			.list()).as(query);
	}

	private void channel(UUID id, String source) {
		this.jdbc.sql(
				"insert into channels (id, workspace_id, source, source_channel_id, account_key, name, connected, settings,"
						+ " created_at, updated_at) values (?, ?, ?, ?, ?, ?, true, '{}', now(), now())")
			.params(id, this.workspace, source, id.toString(), source + "-" + id, source + " channel")
			.update();
	}

	private void tag(UUID id, String name) {
		this.jdbc
			.sql("insert into tags (id, workspace_id, name, color, created_at) values (?, ?, ?, 'tag-blue', now())")
			.params(id, this.workspace, name)
			.update();
	}

	private UUID conversation(UUID channel, String source, String displayName, String state, int unread,
			Instant created, String metadata) {
		UUID id = UUID.randomUUID();
		this.jdbc.sql("""
				insert into conversations (id, workspace_id, channel_id, source, contact_id, source_contact_id,
				    display_name, state, unread_count, metadata, last_activity_at, created_at, updated_at)
				values (:id, :workspace, :channel, :source, :contact, :sourceContact, :displayName, :state, :unread,
				    cast(:metadata as jsonb), :created, :created, :created)
				""")
			.param("id", id)
			.param("workspace", this.workspace)
			.param("channel", channel)
			.param("source", source)
			.param("contact", UUID.randomUUID())
			.param("sourceContact", id.toString())
			.param("displayName", displayName)
			.param("state", state)
			.param("unread", unread)
			.param("metadata", metadata)
			.param("created", Timestamp.from(created))
			.update();
		return id;
	}

	private void user(UUID id) {
		this.jdbc.sql("""
				insert into users (id, email, first_name, last_name, password_hash, status, credentials_changed_at,
				    created_at, updated_at) values (?, ?, 'Test', 'User', 'x', 'ACTIVE', now(), now(), now())""")
			.params(id, id + "@example.com")
			.update();
	}

	private void assign(UUID conversation, UUID user) {
		this.jdbc.sql("update conversations set assignee_id = ? where id = ?").params(user, conversation).update();
	}

	private void link(UUID conversation, UUID tag) {
		this.jdbc.sql("insert into conversation_tags (conversation_id, tag_id) values (?, ?)")
			.params(conversation, tag)
			.update();
	}

}

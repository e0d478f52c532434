package dev.switchboard.conversation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.switchboard.Api.Response;
import dev.switchboard.IntegrationTests;
import dev.switchboard.StatementCounter;
import dev.switchboard.channel.ChannelView;
import dev.switchboard.message.MessageService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;

import static dev.switchboard.Api.body;
import static org.assertj.core.api.Assertions.assertThat;

@Import(StatementCounter.class)
class ConversationPaginationTests extends IntegrationTests {

	@Autowired
	private ConversationService conversationService;

	@Autowired
	private MessageService messageService;

	private String admin;

	private String agent;

	private ChannelView channel;

	@BeforeEach
	void setUp() {
		this.admin = this.api.admin();
		this.agent = this.api.user(this.admin, "agent");
		this.channel = this.conversations.channel("acme");
	}

	@Test
	void walkingForwardThenBackSeesEveryConversationOnceWhileNewOnesArrive() {
		Instant start = Instant.parse("2026-01-01T00:00:00Z");
		List<String> expected = new ArrayList<>();
		for (int i = 0; i < 23; i++) {
			expected.add(0,
					this.conversations.inbound(this.channel, "c" + i, "Contact " + i, "hi", start.plusSeconds(i))
						.conversationId()
						.toString());
		}

		List<String> forward = new ArrayList<>();
		List<String> pageFirsts = new ArrayList<>();
		String cursor = null;
		Response page;
		int arrivals = 0;
		do {
			page = this.api.post("/conversations.list", this.agent, body("cursor", cursor, "page_size", 5));
			assertThat(page.status()).isEqualTo(200);
			List<String> ids = ids(page);
			forward.addAll(ids);
			pageFirsts.add(ids.get(0));
			cursor = page.text("response_metadata.next_cursor");
			// a new conversation and a new message arrive between requests
			this.conversations.inbound(this.channel, "new" + arrivals, "New " + arrivals, "hello", Instant.now());
			this.conversations.inbound(this.channel, "new" + arrivals, "New " + arrivals, "again", Instant.now());
			arrivals++;
		}
		while (!cursor.isEmpty());

		assertThat(forward).isEqualTo(expected);
		assertThat(page.body().path("response_metadata").path("total").asLong()).as("counted at the walk's start")
			.isEqualTo(23);
		assertThat(this.api.post("/conversations.list", this.agent)
			.body()
			.path("response_metadata")
			.path("total")
			.asLong()).as("a new walk counts again").isEqualTo(23 + arrivals);

		List<String> backward = new ArrayList<>();
		String previous = page.text("response_metadata.previous_cursor");
		while (!previous.isEmpty()) {
			Response before = this.api.post("/conversations.list", this.agent,
					body("cursor", previous, "page_size", 5));
			List<String> ids = ids(before);
			backward.addAll(0, ids);
			previous = before.text("response_metadata.previous_cursor");
		}
		assertThat(new LinkedHashSet<>(backward)).as("no conversation twice").hasSize(backward.size());
		assertThat(backward).containsSubsequence(forward.subList(0, forward.size() - 3));
		assertThat(backward.subList(0, arrivals)).as("the new arrivals are on top")
			.allMatch((id) -> !expected.contains(id));
	}

	@Test
	void aCursorBelongsToTheFiltersItWasMadeWith() {
		for (int i = 0; i < 3; i++) {
			this.conversations.inbound(this.channel, "c" + i, "Contact " + i, "hi", null);
		}
		String cursor = this.api.post("/conversations.list", this.agent, body("page_size", 1, "filters", "state:OPEN"))
			.text("response_metadata.next_cursor");

		assertThat(this.api.post("/conversations.list", this.agent, body("cursor", cursor, "filters", "state:OPEN"))
			.status()).isEqualTo(200);
		assertThat(this.api.post("/conversations.list", this.agent, body("cursor", cursor, "filters", "state:CLOSED"))
			.status()).isEqualTo(400);
	}

	@Test
	void forgedOrForeignCursorsAre400() {
		this.conversations.inbound(this.channel, "c1", "Ada", "hi", null);
		String usersCursor = this.api.post("/users.list", this.admin, body("page_size", 1))
			.text("response_metadata.next_cursor");

		assertThat(usersCursor).isNotEmpty();
		assertThat(this.api.post("/conversations.list", this.agent, body("cursor", usersCursor)).status())
			.isEqualTo(400);
		assertThat(this.api.post("/conversations.list", this.agent, body("cursor", "forged")).status()).isEqualTo(400);
		assertThat(this.api.post("/conversations.list", this.agent, body("page_size", 0)).status()).isEqualTo(400);
		assertThat(this.api.post("/conversations.list", this.agent, body("page_size", 1001)).status()).isEqualTo(400);
	}

	@Test
	void aPageCostsTheSameStatementsWhateverItsSize() {
		for (int i = 0; i < 30; i++) {
			this.conversations.inbound(this.channel, "c" + i, "Contact " + i, "hi", null);
		}
		// the agent's membership is looked up once, then cached
		statementsFor(body("page_size", 1));
		int small = statementsFor(body("page_size", 2));
		int large = statementsFor(body("page_size", 30));
		int filtered = statementsFor(body("page_size", 30, "filters", "display_name:contact*"));

		assertThat(large).isEqualTo(small);
		assertThat(filtered).isLessThanOrEqualTo(small + 1);
		assertThat(large).isLessThanOrEqualTo(8);

		Set<Integer> messagePages = new HashSet<>();
		String conversationId = this.api.post("/conversations.list", this.agent)
			.body()
			.path("data")
			.get(0)
			.path("id")
			.asString();
		for (int size : new int[] { 1, 50 }) {
			StatementCounter.reset();
			this.api.post("/messages.list", this.agent, body("conversation_id", conversationId, "page_size", size));
			messagePages.add(StatementCounter.count());
		}
		assertThat(messagePages).hasSize(1);
	}

	private int statementsFor(Object request) {
		StatementCounter.reset();
		Response page = this.api.post("/conversations.list", this.agent, request);
		assertThat(page.status()).isEqualTo(200);
		return StatementCounter.count();
	}

	private static List<String> ids(Response page) {
		List<String> ids = new ArrayList<>();
		page.body().path("data").forEach((conversation) -> ids.add(conversation.path("id").asString()));
		return ids;
	}

}

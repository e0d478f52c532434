package dev.switchboard.realtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

import dev.switchboard.ConversationLocks;
import dev.switchboard.Conversations;
import dev.switchboard.IntegrationTests;
import dev.switchboard.channel.ChannelService;
import dev.switchboard.channel.ChannelView;
import dev.switchboard.common.events.EventLog;
import dev.switchboard.conversation.ContactProfile;
import dev.switchboard.conversation.ConversationService;
import dev.switchboard.conversation.ConversationService.ConversationRef;
import dev.switchboard.message.Inbound;
import dev.switchboard.message.InboundMessages;
import dev.switchboard.message.MessageContent;
import dev.switchboard.message.MessageService;
import dev.switchboard.workspace.WorkspaceService;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import static dev.switchboard.Api.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class EventOrderingTests extends IntegrationTests {

	@Autowired
	private WorkspaceService workspaces;

	@Autowired
	private InboundMessages inbound;

	@Autowired
	private EventLog eventLog;

	@Autowired
	private EventStore store;

	@Autowired
	private TransactionTemplate transaction;

	@Autowired
	private ChannelService channels;

	@Autowired
	private ConversationService conversations;

	@Autowired
	private MessageService messages;

	/**
	 * Writers commit out of id order (each holds its transaction open a random while
	 * after appending, some roll back) while a reader positions and reads as fast as it
	 * can: it must see every committed event once, never a rolled-back one, in
	 * increasing, dense positions.
	 */
	@Test
	void manyConcurrentWritersLoseNoEventAndDuplicateNone() throws Exception {
		this.api.admin();
		UUID workspaceId = this.workspaces.oldest().orElseThrow();
		Set<String> committed = ConcurrentHashMap.newKeySet();
		AtomicBoolean writing = new AtomicBoolean(true);
		List<String> seen = new ArrayList<>();
		List<Long> positions = new ArrayList<>();
		long start = this.store.lastPosition();
		Thread reader = Thread.ofPlatform().start(() -> {
			long last = start;
			while (writing.get() || seen.size() < committed.size()) {
				this.store.sequence();
				for (EventRow row : this.store.after(last, 500)) {
					if (row.type().equals("test.ordering")) {
						seen.add(JsonMapper.shared().readTree(row.payload()).path("key").asString());
					}
					positions.add(row.position());
					last = row.position();
				}
			}
		});
		try (ExecutorService writers = Executors.newFixedThreadPool(12)) {
			List<Future<?>> done = new ArrayList<>();
			for (int w = 0; w < 12; w++) {
				int writer = w;
				done.add(writers.submit(() -> {
					for (int i = 0; i < 40; i++) {
						String key = writer + "-" + i;
						boolean rollBack = ThreadLocalRandom.current().nextInt(10) == 0;
						this.transaction.executeWithoutResult((status) -> {
							this.eventLog.append("test.ordering", workspaceId, null, null, body("key", key));
							pause(ThreadLocalRandom.current().nextInt(0, 8));
							if (rollBack) {
								status.setRollbackOnly();
							}
						});
						if (!rollBack) {
							committed.add(key);
						}
					}
				}));
			}
			for (Future<?> future : done) {
				future.get();
			}
		}
		finally {
			writing.set(false);
		}
		await().atMost(Duration.ofSeconds(20)).until(() -> !reader.isAlive());

		assertThat(seen).doesNotHaveDuplicates();
		assertThat(Set.copyOf(seen)).isEqualTo(committed);
		for (int i = 1; i < positions.size(); i++) {
			assertThat(positions.get(i)).isEqualTo(positions.get(i - 1) + 1);
		}
	}

	/**
	 * Agents read a conversation while its contact keeps writing: whatever the
	 * interleaving, the last {@code conversation.updated} in the log shows the final
	 * state.
	 */
	@Test
	void theLastConversationEventShowsTheConversationsFinalState() throws Exception {
		this.api.admin();
		ChannelView channel = new Conversations(this.channels, this.inbound, this.workspaces).channel("acme");
		ConversationRef conversation = this.conversations.open(channel, null, "c1", ContactProfile.named("Ada"), null)
			.conversation();
		try (ExecutorService threads = Executors.newFixedThreadPool(4)) {
			List<Future<?>> done = new ArrayList<>();
			for (int i = 0; i < 40; i++) {
				int n = i;
				done.add(threads.submit(() -> this.inbound.receive(channel, conversation.id(),
						new Inbound.Message(new Inbound.Account(channel.source(), channel.sourceChannelId()),
								Inbound.Contact.of("c1"), Inbound.Sender.contact(), "m" + n,
								new MessageContent.Text("hi " + n), null, null))));
				if (i % 3 == 0) {
					done.add(threads.submit(() -> Conversations.asAdminOf(channel.workspaceId(), () -> {
						this.conversations.markRead(conversation.id());
						return null;
					})));
				}
			}
			for (Future<?> future : done) {
				future.get();
			}
		}
		int unread = Conversations.asAdminOf(channel.workspaceId(),
				() -> this.conversations.find(conversation.id()).unreadMessageCount());

		List<JsonNode> updates = payloads(positionedEvents(), "conversation.updated", conversation.id());
		assertThat(updates).isNotEmpty();
		assertThat(updates.getLast().path("unread_message_count").asInt()).isEqualTo(unread);
	}

	/**
	 * An inbound batch in several groups (a new conversation with an existing one; a
	 * reopen; another existing one) races an agent who reads one of its conversations and
	 * one who sends in another. Each agent's transaction takes its conversation's lock
	 * first, waits until the batch waits for that lock, then writes and commits: before
	 * the batch, so the batch's events for those conversations must come after theirs in
	 * the log. With the batch's locks taken after its first write, they come before.
	 */
	@Test
	void aBatchsEventsComeAfterThoseOfTheReadsAndSendsThatCommittedBeforeIt() throws Exception {
		this.api.admin();
		Conversations contacts = new Conversations(this.channels, this.inbound, this.workspaces);
		ChannelView channel = contacts.channel("acme");
		UUID read = contacts.inbound(channel, "a", "Ada", "hi from a", null).conversationId();
		UUID answered = contacts.inbound(channel, "b", "Bob", "hi from b", null).conversationId();
		UUID reopened = contacts.inbound(channel, "c", "Cy", "hi from c", null).conversationId();
		UUID agent = this.jdbc.sql("select id from users").query(UUID.class).single();

		CountDownLatch holding = new CountDownLatch(2);
		List<InboundMessages.Outcome> outcomes;
		try (ExecutorService agents = Executors.newFixedThreadPool(2)) {
			Future<?> reading = agents.submit(() -> locks().holdThenWrite(channel.workspaceId(), read, holding,
					() -> this.conversations.markRead(read)));
			Future<?> sending = agents.submit(() -> locks().holdThenWrite(channel.workspaceId(), answered, holding,
					() -> this.messages.send(agent, new MessageService.SendCommand(answered, null, null,
							JsonNodeFactory.instance.objectNode().put("text", "a reply"), null))));
			assertThat(holding.await(20, TimeUnit.SECONDS)).isTrue();
			outcomes = this.transaction
				.execute((status) -> this.inbound.applyEach(List.of(delivery(message(channel, "n", "hi from n")),
						delivery(message(channel, "a", "again from a")),
						delivery(new Inbound.Reopen(account(channel), Inbound.Contact.of("c"))),
						delivery(message(channel, "b", "again from b")))));
			reading.get(20, TimeUnit.SECONDS);
			sending.get(20, TimeUnit.SECONDS);
		}
		assertThat(outcomes).extracting(InboundMessages.Outcome::failure).containsOnlyNulls();

		List<EventRow> events = positionedEvents();
		assertThat(payloads(events, "conversation.updated", read))
			.extracting((update) -> update.path("unread_message_count").asInt())
			.as("the read, then the batch's message")
			.containsExactly(1, 0, 1);
		assertThat(payloads(events, "message.created", answered))
			.extracting((message) -> message.path("content").path("text").asString())
			.as("the reply, then the batch's message")
			.containsExactly("hi from b", "a reply", "again from b");
		UUID started = this.jdbc.sql("select id from conversations where source_contact_id = 'n'")
			.query(UUID.class)
			.single();
		for (UUID conversation : List.of(read, answered, reopened, started)) {
			List<JsonNode> updates = payloads(events, "conversation.updated", conversation);
			assertThat(updates).isNotEmpty();
			assertThat(updates.getLast().path("unread_message_count").asInt()).as("the final state")
				.isEqualTo(this.jdbc.sql("select unread_count from conversations where id = :id")
					.param("id", conversation)
					.query(Integer.class)
					.single());
		}
	}

	/**
	 * A contact's first message starts their conversation in one transaction while a
	 * batch with another of their messages looks for it: the batch waits for the
	 * contact's lock, finds the conversation once the other has committed, and locks it
	 * before its first write, so its events come after the other's.
	 */
	@Test
	void aBatchWaitsForAConversationStartedElsewhereAndLocksItBeforeWriting() throws Exception {
		this.api.admin();
		Conversations contacts = new Conversations(this.channels, this.inbound, this.workspaces);
		ChannelView channel = contacts.channel("acme");
		contacts.inbound(channel, "a", "Ada", "hi from a", null);

		CountDownLatch started = new CountDownLatch(1);
		List<InboundMessages.Outcome> outcomes;
		try (ExecutorService elsewhere = Executors.newSingleThreadExecutor()) {
			Future<?> first = elsewhere.submit(() -> this.transaction.executeWithoutResult((status) -> {
				contacts.inbound(channel, "n", "Nan", "hi from n", null);
				started.countDown();
				await().atMost(Duration.ofSeconds(20)).until(() -> locks().waitedFor(channel.id() + "\n" + "n"));
			}));
			assertThat(started.await(20, TimeUnit.SECONDS)).isTrue();
			outcomes = this.transaction.execute((status) -> this.inbound.applyEach(List
				.of(delivery(message(channel, "a", "again from a")), delivery(message(channel, "n", "again from n")))));
			first.get(20, TimeUnit.SECONDS);
		}
		assertThat(outcomes).extracting(InboundMessages.Outcome::failure).containsOnlyNulls();

		UUID conversation = this.jdbc.sql("select id from conversations where source_contact_id = 'n'")
			.query(UUID.class)
			.single();
		List<EventRow> events = positionedEvents();
		assertThat(payloads(events, "message.created", conversation))
			.extracting((message) -> message.path("content").path("text").asString())
			.containsExactly("hi from n", "again from n");
		assertThat(
				payloads(events, "conversation.updated", conversation).getLast().path("unread_message_count").asInt())
			.isEqualTo(2);
	}

	/**
	 * An agent's change of a conversation holds its lock while the conversation's
	 * assignee is deactivated: the deactivation locks the conversations it unassigns
	 * before its first write (the membership's), so its event comes after the agent's and
	 * the last one shows the final state. With the lock taken after that write, the
	 * agent's event, with the old assignee, came last.
	 */
	@Test
	void aDeactivationsUnassignmentsComeAfterTheChangesThatCommittedBeforeIt() throws Exception {
		String admin = this.api.admin();
		String agent = this.api.user(admin, "agent");
		String agentId = this.api.post("/users.me", agent).text("id");
		Conversations contacts = new Conversations(this.channels, this.inbound, this.workspaces);
		ChannelView channel = contacts.channel("acme");
		UUID conversation = contacts.inbound(channel, "a", "Ada", "hi from a", null).conversationId();
		this.jdbc.sql("update conversations set assignee_id = :user where id = :id")
			.param("user", UUID.fromString(agentId))
			.param("id", conversation)
			.update();

		CountDownLatch holding = new CountDownLatch(1);
		try (ExecutorService agents = Executors.newSingleThreadExecutor()) {
			Future<?> reading = agents.submit(() -> locks().holdThenWrite(channel.workspaceId(), conversation, holding,
					() -> this.conversations.markRead(conversation)));
			assertThat(holding.await(20, TimeUnit.SECONDS)).isTrue();
			assertThat(this.api.post("/users.deactivate", admin, body("user_id", agentId)).status()).isEqualTo(200);
			reading.get(20, TimeUnit.SECONDS);
		}

		List<JsonNode> updates = payloads(positionedEvents(), "conversation.updated", conversation);
		assertThat(updates.get(updates.size() - 2).path("assignee").path("id").asString()).as("the agent's read")
			.isEqualTo(agentId);
		assertThat(updates.getLast().path("assignee").isNull()).as("the unassignment, last").isTrue();
		assertThat(updates.getLast().path("unread_message_count").asInt()).isZero();
	}

	/**
	 * A contact's conversation, still named after their id, is renamed by an agent while
	 * a message that names the contact waits for its lock: the message decides on the
	 * name it reads under the lock, so the agent's name stays (it replaced the agent's
	 * name with the platform's when it decided on the name it read before waiting).
	 */
	@Test
	void aConversationOpenedWhileAnAgentRenamesItKeepsTheAgentsName() throws Exception {
		this.api.admin();
		Conversations contacts = new Conversations(this.channels, this.inbound, this.workspaces);
		ChannelView channel = contacts.channel("acme");
		ContactProfile unnamed = new ContactProfile(null, null, null, null);
		UUID conversation = Conversations.asAdminOf(channel.workspaceId(),
				() -> this.conversations.open(channel, null, "a", unnamed, null).conversation().id());

		CountDownLatch holding = new CountDownLatch(1);
		try (ExecutorService agents = Executors.newSingleThreadExecutor()) {
			Future<?> renaming = agents.submit(() -> locks().holdThenWrite(channel.workspaceId(), conversation, holding,
					() -> this.conversations.updateContact(conversation, "VIP customer")));
			assertThat(holding.await(20, TimeUnit.SECONDS)).isTrue();
			Conversations.asAdminOf(channel.workspaceId(),
					() -> this.conversations.open(channel, null, "a", ContactProfile.named("Ada"), null));
			renaming.get(20, TimeUnit.SECONDS);
		}

		assertThat(this.jdbc.sql("select display_name from conversations where id = :id")
			.param("id", conversation)
			.query(String.class)
			.single()).isEqualTo("VIP customer");
	}

	private ConversationLocks locks() {
		return new ConversationLocks(this.jdbc, this.transaction, this.conversations);
	}

	private static Supplier<List<? extends Inbound>> delivery(Inbound event) {
		return () -> List.of(event);
	}

	private static Inbound.Message message(ChannelView channel, String contact, String text) {
		return new Inbound.Message(account(channel), Inbound.Contact.of(contact), Inbound.Sender.contact(),
				"mid-" + UUID.randomUUID(), new MessageContent.Text(text), null, null);
	}

	private static Inbound.Account account(ChannelView channel) {
		return new Inbound.Account(channel.source(), channel.sourceChannelId());
	}

	/**
	 * Every event in the log, once all have their positions, in position order.
	 */
	private List<EventRow> positionedEvents() {
		List<EventRow> all = new ArrayList<>();
		long last = 0;
		List<EventRow> events;
		do {
			this.store.sequence();
			events = this.store.after(last, 1000);
			all.addAll(events);
			if (!events.isEmpty()) {
				last = events.getLast().position();
			}
		}
		// the application's relay may hold the sequencer lock: read on until every event
		// has its position
		while (!events.isEmpty() || unpositioned() > 0);
		return all;
	}

	private static List<JsonNode> payloads(List<EventRow> events, String type, UUID conversationId) {
		return events.stream()
			.filter((event) -> event.type().equals(type) && conversationId.equals(event.conversationId()))
			.map((event) -> JsonMapper.shared().readTree(event.payload()))
			.toList();
	}

	private long unpositioned() {
		return this.jdbc.sql("select count(*) from events where position is null").query(Long.class).single();
	}

	private static void pause(int millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}

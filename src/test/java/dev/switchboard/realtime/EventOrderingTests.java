package dev.switchboard.realtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.switchboard.workspace.WorkspaceService;
import dev.switchboard.message.InboundMessages;
import dev.switchboard.Conversations;
import dev.switchboard.IntegrationTests;
import dev.switchboard.channel.ChannelService;
import dev.switchboard.channel.ChannelView;
import dev.switchboard.conversation.ContactProfile;
import dev.switchboard.conversation.ConversationService;
import dev.switchboard.conversation.ConversationService.ConversationRef;
import dev.switchboard.message.Inbound;
import dev.switchboard.message.MessageContent;
import dev.switchboard.message.MessageService;
import dev.switchboard.common.events.EventLog;
import org.junit.jupiter.api.Test;

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

		long last = 0;
		JsonNode latest = null;
		List<EventRow> events;
		do {
			this.store.sequence();
			events = this.store.after(last, 1000);
			for (EventRow event : events) {
				last = event.position();
				if (event.type().equals("conversation.updated") && conversation.id().equals(event.conversationId())) {
					latest = JsonMapper.shared().readTree(event.payload());
				}
			}
		}
		// the application's relay may hold the sequencer lock: read on until every event
		// has its position
		while (!events.isEmpty() || unpositioned() > 0);

		assertThat(latest).isNotNull();
		assertThat(latest.path("unread_message_count").asInt()).isEqualTo(unread);
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

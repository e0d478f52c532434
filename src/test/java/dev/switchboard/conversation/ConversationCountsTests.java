package dev.switchboard.conversation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.switchboard.Api;
import dev.switchboard.Conversations;
import dev.switchboard.IntegrationTests;
import dev.switchboard.channel.ChannelView;
import dev.switchboard.message.Inbound;
import dev.switchboard.message.InboundMessages;
import dev.switchboard.message.MessageContent;
import dev.switchboard.message.MessageView;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The counters behind {@code total} and {@code badge_unread_count} always equal a count
 * of the conversations, whatever changed them and however many wrote at once.
 */
class ConversationCountsTests extends IntegrationTests {

	@Autowired
	private InboundMessages inbound;

	@Autowired
	private ConversationService conversationService;

	@Autowired
	private TransactionTemplate transaction;

	@Autowired
	private ConversationCounts counts;

	@Test
	void theCountersEqualACountAfterConcurrentMessagesReadsAndFolds() throws Exception {
		this.api.admin();
		ChannelView acme = this.conversations.channel("acme");
		ChannelView beta = this.conversations.channel("beta");
		UUID workspaceId = acme.workspaceId();
		AtomicBoolean writing = new AtomicBoolean(true);
		try (ExecutorService threads = Executors.newFixedThreadPool(5)) {
			List<Future<?>> writers = new ArrayList<>();
			for (int thread = 0; thread < 4; thread++) {
				int t = thread;
				writers.add(threads.submit(() -> {
					for (int i = 0; i < 30; i++) {
						// the threads share contacts, so they race to start the same
						// conversations
						MessageView message = this.conversations.inbound((i % 2 == 0) ? acme : beta, "c" + (i % 12),
								null, "hi " + t + "/" + i, Instant.now());
						if (i % 3 == t % 3) {
							UUID conversationId = this.jdbc.sql("select conversation_id from messages where id = :id")
								.param("id", message.id())
								.query(UUID.class)
								.single();
							Conversations.asAdminOf(workspaceId, () -> {
								this.conversationService.markRead(conversationId);
								return null;
							});
						}
					}
					return null;
				}));
			}
			Future<?> folder = threads.submit(() -> {
				while (writing.get()) {
					this.counts.fold();
				}
				return null;
			});
			for (Future<?> writer : writers) {
				writer.get();
			}
			writing.set(false);
			folder.get();
		}

		assertCountsMatch(workspaceId);
		this.counts.fold();
		assertCountsMatch(workspaceId);
		assertThat(this.jdbc.sql("select count(*) from conversation_count_deltas").query(Long.class).single())
			.as("folded")
			.isZero();
	}

	@Test
	void theCountersEqualACountAfterConcurrentBatchesOfWebhooksAndReads() throws Exception {
		this.api.admin();
		ChannelView acme = this.conversations.channel("acme");
		UUID workspaceId = acme.workspaceId();
		try (ExecutorService threads = Executors.newFixedThreadPool(4)) {
			List<Future<?>> writers = new ArrayList<>();
			for (int thread = 0; thread < 3; thread++) {
				int t = thread;
				writers.add(threads.submit(() -> {
					for (int round = 0; round < 10; round++) {
						List<Supplier<List<? extends Inbound>>> batch = new ArrayList<>();
						for (int i = 0; i < 20; i++) {
							// the batches share contacts: they race to start and to
							// update the same conversations
							Inbound.Message message = new Inbound.Message(
									new Inbound.Account(acme.source(), acme.sourceChannelId()),
									Inbound.Contact.of("c" + ((round + i) % 15)), Inbound.Sender.contact(),
									"mid-" + t + "-" + round + "-" + i, new MessageContent.Text("hi"), null,
									Instant.now());
							batch.add(() -> List.of(message));
						}
						this.transaction.executeWithoutResult((status) -> this.inbound.applyEach(batch));
					}
					return null;
				}));
			}
			writers.add(threads.submit(() -> {
				for (int i = 0; i < 40; i++) {
					this.jdbc.sql("select id from conversations order by random() limit 1")
						.query(UUID.class)
						.optional()
						.ifPresent((id) -> Conversations.asAdminOf(workspaceId, () -> {
							this.conversationService.markRead(id);
							return null;
						}));
				}
				return null;
			}));
			for (Future<?> writer : writers) {
				writer.get();
			}
		}

		assertThat(this.jdbc.sql("select count(*) from messages").query(Long.class).single()).isEqualTo(600);
		assertThat(this.jdbc.sql("select count(*) from conversations").query(Long.class).single()).isEqualTo(15);
		assertThat(this.jdbc.sql("select sum(unread_count) <= 600 from conversations").query(Boolean.class).single())
			.isTrue();
		assertCountsMatch(workspaceId);
		this.counts.fold();
		assertCountsMatch(workspaceId);
	}

	@Test
	void theCountersEqualACountAfterTagDeletesStateChangesAndReads() {
		String token = this.api.admin();
		ChannelView acme = this.conversations.channel("acme");
		for (int i = 0; i < 6; i++) {
			this.conversations.inbound(acme, "c" + i, null, "hi", Instant.now());
		}
		List<UUID> ids = this.jdbc.sql("select id from conversations order by id").query(UUID.class).list();
		String tagId = this.api.post("/tags.create", token, Api.body("name", "Urgent", "color", "tag-red")).text("id");
		for (UUID id : ids.subList(0, 4)) {
			this.api.post("/conversations.tag", token, Api.body("conversation_id", id, "tag_id", tagId));
		}
		this.api.post("/conversations.set-state", token, Api.body("conversation_id", ids.get(0), "state", "CLOSED"));
		this.api.post("/conversations.read", token, Api.body("conversation_id", ids.get(1)));
		this.api.post("/tags.delete", token, Api.body("id", tagId));
		this.api.post("/conversations.read", token, Api.body("conversation_id", ids.get(2)));

		assertCountsMatch(acme.workspaceId());
		JsonNode metadata = this.api.post("/conversations.list", token, Api.body()).body().get("response_metadata");
		assertThat(metadata.get("total").asLong()).isEqualTo(6);
		assertThat(metadata.get("filtered_total").asLong()).isEqualTo(6);
		assertThat(metadata.get("badge_unread_count").asLong()).isEqualTo(4);
		JsonNode filtered = this.api
			.post("/conversations.list", token, Api.body("filters", "NOT state:CLOSED AND unread_count:[1 TO *]"))
			.body()
			.get("response_metadata");
		assertThat(filtered.get("total").asLong()).isEqualTo(6);
		assertThat(filtered.get("filtered_total").asLong()).isEqualTo(3);
		assertThat(filtered.get("badge_unread_count").asLong()).isEqualTo(3);
	}

	@Test
	void theCountersFollowConversationsMovedToAnotherWorkspaceAndDeleted() {
		this.api.admin();
		ChannelView acme = this.conversations.channel("acme");
		ChannelView beta = this.conversations.channel("beta");
		for (int i = 0; i < 5; i++) {
			this.conversations.inbound(acme, "a" + i, null, "hi", Instant.now());
			this.conversations.inbound(beta, "b" + i, null, "hi", Instant.now());
		}
		UUID other = UUID.randomUUID();
		this.jdbc.sql("insert into workspaces (id, name, created_at, updated_at) values (:id, 'Other', now(), now())")
			.param("id", other)
			.update();
		this.counts.fold();

		// what an operator's migration would do: the channel and its conversations move
		this.jdbc.sql("update channels set workspace_id = :other where id = :id")
			.param("other", other)
			.param("id", beta.id())
			.update();
		this.jdbc.sql("update conversations set workspace_id = :other where channel_id = :id")
			.param("other", other)
			.param("id", beta.id())
			.update();
		assertCountsMatch(acme.workspaceId());
		assertCountsMatch(other);
		assertThat(this.counts.count(new Scope(other, null))).containsExactly(5, 5);

		this.jdbc.sql("delete from conversation_last_messages").update();
		this.jdbc.sql("delete from messages where channel_id = :id").param("id", beta.id()).update();
		this.jdbc.sql("delete from conversations where channel_id = :id").param("id", beta.id()).update();
		this.counts.fold();
		assertCountsMatch(acme.workspaceId());
		assertThat(this.counts.count(new Scope(other, null))).containsExactly(0, 0);
	}

	private void assertCountsMatch(UUID workspaceId) {
		long[] counted = this.jdbc
			.sql("select count(*), count(*) filter (where unread_count > 0) from conversations"
					+ " where workspace_id = :workspace")
			.param("workspace", workspaceId)
			.query((rs, row) -> new long[] { rs.getLong(1), rs.getLong(2) })
			.single();
		assertThat(this.counts.count(new Scope(workspaceId, null))).containsExactly(counted);
	}

}

package dev.switchboard.message;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import tools.jackson.databind.json.JsonMapper;

import dev.switchboard.channel.ChannelService;
import dev.switchboard.channel.ChannelView;
import dev.switchboard.conversation.ContactProfile;
import dev.switchboard.conversation.ConversationService;
import dev.switchboard.conversation.ConversationService.ContactKey;
import dev.switchboard.conversation.ConversationService.ConversationRef;
import dev.switchboard.conversation.ConversationService.Opening;
import dev.switchboard.conversation.ConversationService.Started;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Service;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.interceptor.TransactionAspectSupport;

/**
 * The one way in for what platforms send: sources translate their payloads into
 * {@link Inbound} events and hand them over here, where each becomes conversations,
 * messages, counters and events in the caller's transaction.
 */
@Service
public class InboundMessages {

	private final MessageRepository messages;

	private final ConversationService conversations;

	private final ChannelService channels;

	private final MessageWrites writes;

	private final ApplicationEventPublisher publisher;

	private final JsonMapper json;

	private final Interactions interactions;

	private final Clock clock;

	private final DataSource dataSource;

	// the new contacts of the batch delivery being applied, published only if it is kept
	private final ThreadLocal<List<NewContact>> batchContacts = new ThreadLocal<>();

	InboundMessages(MessageRepository messages, ConversationService conversations, ChannelService channels,
			MessageWrites writes, ApplicationEventPublisher publisher, JsonMapper json, Interactions interactions,
			Clock clock, DataSource dataSource) {
		this.messages = messages;
		this.conversations = conversations;
		this.channels = channels;
		this.writes = writes;
		this.publisher = publisher;
		this.json = json;
		this.interactions = interactions;
		this.clock = clock;
		this.dataSource = dataSource;
	}

	/**
	 * Applies a source's events in order, in one transaction. Events for an account that
	 * is no connected channel are skipped; so is a report on a message the channel does
	 * not know, unless it {@linkplain Inbound.Report#awaitSend awaits the send}. Of
	 * several events, the conversations are locked at once, before the first write (see
	 * {@link ConversationService#lockAhead}): call it before the transaction writes.
	 * @return whether any event concerned something here (else the source's event is
	 * {@code IGNORED})
	 * @throws IllegalStateException to have the whole delivery tried again later (a
	 * report or an echo that came before the send it concerns was recorded, a
	 * conversation started elsewhere meanwhile)
	 */
	@Transactional
	public boolean apply(List<? extends Inbound> events) {
		if (events.size() > 1 && !this.conversations.hasLockedAhead()) {
			// one event's conversation is locked before its first write anyway
			lockAhead(events);
		}
		return applyAll(events);
	}

	/**
	 * Takes the locks of contacts' conversations on a source's account (of those not
	 * started yet, by contact), for a transaction that writes something of its own before
	 * it {@linkplain #apply applies} their events (a mailbox's position, say): call it
	 * before that first write, and only the events of these contacts may follow (see
	 * {@link ConversationService#lockAhead}). Nothing is locked for an account that is no
	 * connected channel.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void lockContacts(Inbound.Account account, Set<String> contactIds) {
		connectedChannel(account).ifPresent((channel) -> this.conversations.lockAhead(
				contactIds.stream().map((id) -> new ContactKey(channel.id(), id)).collect(Collectors.toSet()),
				Set.of()));
	}

	private boolean applyAll(List<? extends Inbound> events) {
		boolean applied = false;
		for (Inbound event : events) {
			Optional<ChannelView> channel = connectedChannel(event.account());
			if (channel.isPresent()) {
				applied |= apply(channel.get(), event);
			}
		}
		return applied;
	}

	/**
	 * Applies a batch of deliveries (each a source's events, to be translated) in the
	 * caller's transaction, in order. All are translated first, and the locks of all the
	 * conversations they change taken at once, before the first write (see
	 * {@link ConversationService#lockAhead}). Consecutive deliveries of nothing but
	 * contacts' messages are stored together, set-based: a few statements for all of
	 * them, under one savepoint; should that fail, they are applied again one by one.
	 * Every other delivery is applied on its own under its own savepoint. A delivery that
	 * fails is rolled back alone and reported, the others stay. Each conversation that
	 * received contact messages publishes its new state once, at the end, rather than
	 * once per message.
	 * @return for each delivery, in order: whether it concerned anything here, or why it
	 * failed
	 * @throws BatchAbortedException when a failure left the whole transaction unable to
	 * commit (a conversation that another transaction started after the locks were taken,
	 * say): the caller rolls back and applies each delivery on its own
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public List<Outcome> applyEach(List<Supplier<List<? extends Inbound>>> deliveries) {
		Batch batch = new Batch(TransactionAspectSupport.currentTransactionStatus(),
				// JDBC savepoints on the transaction's connection: the JPA transaction
				// manager offers none
				DataSourceUtils.getConnection(this.dataSource), new Outcome[deliveries.size()]);
		List<List<? extends Inbound>> translated = new ArrayList<>(deliveries.size());
		for (int i = 0; i < deliveries.size(); i++) {
			try {
				translated.add(deliveries.get(i).get());
			}
			catch (DataAccessException ex) {
				throw new BatchAbortedException(ex);
			}
			catch (RuntimeException ex) {
				batch.outcomes[i] = new Outcome(false, ex);
				translated.add(null);
			}
		}
		try {
			lockAhead(translated.stream().filter(Objects::nonNull).flatMap(List::stream).toList());
		}
		catch (DataAccessException ex) {
			throw new BatchAbortedException(ex);
		}
		this.conversations.coalesceUpdates();
		try {
			for (int i = 0; i < deliveries.size(); i++) {
				if (batch.outcomes[i] != null) {
					// its translation failed
					continue;
				}
				List<? extends Inbound> events = translated.get(i);
				List<Arrival> arrivals = arrivals(events);
				if (events == null) {
					// nothing to read: it concerns nothing here
					batch.outcomes[i] = new Outcome(false, null);
				}
				else if (arrivals != null) {
					batch.pending.add(new Pending(i, events, arrivals));
				}
				else {
					storeTogether(batch);
					batch.outcomes[i] = applyAlone(batch, events);
				}
			}
			storeTogether(batch);
		}
		finally {
			this.batchContacts.remove();
		}
		Set<UUID> updated = this.conversations.publishCoalescedUpdates();
		batch.newContacts.stream()
			.filter((contact) -> updated.contains(contact.conversationId()))
			.forEach(this.publisher::publishEvent);
		return List.of(batch.outcomes);
	}

	/**
	 * Takes the locks of every conversation the events change, before the transaction's
	 * first write: those of their contacts on connected channels, and those of the
	 * messages their reports and annotations concern.
	 */
	private void lockAhead(List<? extends Inbound> events) {
		Set<ContactKey> contacts = new LinkedHashSet<>();
		List<UUID> channelIds = new ArrayList<>();
		List<String> sourceMessageIds = new ArrayList<>();
		for (Inbound event : events) {
			Optional<ChannelView> channel = connectedChannel(event.account());
			if (channel.isEmpty()) {
				continue;
			}
			UUID channelId = channel.get().id();
			switch (event) {
				case Inbound.Message message -> contacts.add(new ContactKey(channelId, message.contact().id()));
				case Inbound.Reopen reopen -> contacts.add(new ContactKey(channelId, reopen.contact().id()));
				case Inbound.Receipt receipt -> contacts.add(new ContactKey(channelId, receipt.contactId()));
				case Inbound.Report report -> {
					channelIds.add(channelId);
					sourceMessageIds.add(report.sourceMessageId());
				}
				case Inbound.Annotation annotation -> {
					channelIds.add(channelId);
					sourceMessageIds.add(annotation.sourceMessageId());
					if (annotation.otherwise() != null) {
						contacts.add(new ContactKey(channelId, annotation.otherwise().contact().id()));
					}
				}
			}
		}
		this.conversations.lockAhead(contacts,
				channelIds.isEmpty() ? Set.of() : this.messages.conversationIds(channelIds, sourceMessageIds));
	}

	/**
	 * A delivery's contacts' messages on connected channels, or {@code null} when it has
	 * other events (or none to read) and is applied on its own.
	 */
	private List<Arrival> arrivals(List<? extends Inbound> events) {
		if (events == null) {
			return null;
		}
		List<Arrival> arrivals = new ArrayList<>(events.size());
		for (Inbound event : events) {
			if (!(event instanceof Inbound.Message message) || message.sender().type() != Inbound.SenderType.CONTACT) {
				return null;
			}
			connectedChannel(message.account()).ifPresent((channel) -> arrivals.add(new Arrival(channel, message)));
		}
		return arrivals;
	}

	/** Applies one delivery under its own savepoint. */
	private Outcome applyAlone(Batch batch, List<? extends Inbound> events) {
		Savepoint savepoint = savepoint(batch.connection);
		List<NewContact> contacts = new ArrayList<>();
		this.batchContacts.set(contacts);
		try {
			boolean applied = (events != null) && applyAll(events);
			release(batch.connection, savepoint);
			batch.newContacts.addAll(contacts);
			return new Outcome(applied, null);
		}
		catch (RuntimeException ex) {
			rollback(batch.connection, savepoint);
			if (batch.status.isRollbackOnly()) {
				// a component's transaction boundary marked the whole transaction
				throw new BatchAbortedException(ex);
			}
			return new Outcome(false, ex);
		}
		finally {
			this.batchContacts.remove();
		}
	}

	/**
	 * Stores the pending deliveries' messages together; should that fail, applies each
	 * delivery alone.
	 */
	private void storeTogether(Batch batch) {
		if (batch.pending.isEmpty()) {
			return;
		}
		Savepoint savepoint = savepoint(batch.connection);
		try {
			List<NewContact> contacts = storeAll(
					batch.pending.stream().flatMap((pending) -> pending.arrivals().stream()).toList());
			release(batch.connection, savepoint);
			batch.newContacts.addAll(contacts);
			batch.pending.forEach(
					(pending) -> batch.outcomes[pending.index()] = new Outcome(!pending.arrivals().isEmpty(), null));
		}
		catch (RuntimeException ex) {
			rollback(batch.connection, savepoint);
			if (batch.status.isRollbackOnly()) {
				throw new BatchAbortedException(ex);
			}
			batch.pending.forEach((pending) -> batch.outcomes[pending.index()] = applyAlone(batch, pending.events()));
		}
		batch.pending.clear();
	}

	/**
	 * Stores contacts' messages as {@link #store} does each, set-based: the conversations
	 * (locked ahead) found or started at once, the messages inserted at once (those whose
	 * platform id their channel has are left out), their events appended and their
	 * conversations' counters and last messages updated at once.
	 * @return the contacts seen for the first time
	 */
	private List<NewContact> storeAll(List<Arrival> arrivals) {
		Map<List<Object>, Opening> openings = new LinkedHashMap<>();
		for (Arrival arrival : arrivals) {
			Inbound.Contact contact = arrival.message().contact();
			openings.merge(List.of(arrival.channel().id(), contact.id()),
					new Opening(arrival.channel(), contact.id(), ContactProfile.named(contact.name()),
							contact.placeholder()),
					// the first name the platform gives is the one a conversation takes
					(first, next) -> (first.profile().displayName() != null) ? first : new Opening(first.channel(),
							first.sourceContactId(), next.profile(), first.placeholder()));
		}
		List<Opening> wanted = List.copyOf(openings.values());
		List<Started> started = this.conversations.openAll(wanted);
		Map<List<Object>, Started> byContact = new HashMap<>();
		Map<UUID, ChannelView> channels = new HashMap<>();
		for (int i = 0; i < wanted.size(); i++) {
			byContact.put(List.of(wanted.get(i).channel().id(), wanted.get(i).sourceContactId()), started.get(i));
			channels.put(started.get(i).conversation().id(), wanted.get(i).channel());
		}
		Instant now = this.clock.instant();
		Set<List<Object>> platformIds = new HashSet<>();
		List<MessageRow> rows = new ArrayList<>(arrivals.size());
		for (Arrival arrival : arrivals) {
			Inbound.Message message = arrival.message();
			// a platform's redelivery within the batch is stored once, as it is across
			// batches
			if (message.sourceMessageId() == null
					|| platformIds.add(List.of(arrival.channel().id(), message.sourceMessageId()))) {
				Started conversation = byContact.get(List.of(arrival.channel().id(), message.contact().id()));
				rows.add(row(arrival.channel(), conversation.conversation(), message, now));
			}
		}
		Set<UUID> inserted = this.messages.insertAll(rows, now);
		List<MessageRow> stored = rows.stream().filter((row) -> inserted.contains(row.id())).toList();
		this.writes.createdAll(stored, channels);
		Set<UUID> received = stored.stream().map(MessageRow::conversationId).collect(Collectors.toSet());
		return started.stream()
			.filter((one) -> one.created() && received.contains(one.conversation().id()))
			.map((one) -> new NewContact(one.conversation().id(), one.conversation().channelId(),
					one.conversation().source(), one.conversation().sourceContactId()))
			.toList();
	}

	/** A contact's message on its connected channel. */
	private record Arrival(ChannelView channel, Inbound.Message message) {

	}

	/** A delivery waiting to be stored with its neighbours. */
	private record Pending(int index, List<? extends Inbound> events, List<Arrival> arrivals) {

	}

	/** A batch being applied. */
	private static final class Batch {

		private final TransactionStatus status;

		private final Connection connection;

		private final Outcome[] outcomes;

		private final List<Pending> pending = new ArrayList<>();

		private final List<NewContact> newContacts = new ArrayList<>();

		private Batch(TransactionStatus status, Connection connection, Outcome[] outcomes) {
			this.status = status;
			this.connection = connection;
			this.outcomes = outcomes;
		}

	}

	private static Savepoint savepoint(Connection connection) {
		try {
			return connection.setSavepoint();
		}
		catch (SQLException ex) {
			throw new BatchAbortedException(ex);
		}
	}

	private static void release(Connection connection, Savepoint savepoint) {
		try {
			connection.releaseSavepoint(savepoint);
		}
		catch (SQLException ex) {
			throw new BatchAbortedException(ex);
		}
	}

	private static void rollback(Connection connection, Savepoint savepoint) {
		try {
			connection.rollback(savepoint);
		}
		catch (SQLException ex) {
			throw new BatchAbortedException(ex);
		}
	}

	/**
	 * The channel of a platform account, if it is connected: cached by the channel
	 * feature, so a message costs no look-up.
	 */
	private Optional<ChannelView> connectedChannel(Inbound.Account account) {
		return this.channels.findBySourceChannelId(account.source(), account.id()).filter(ChannelView::connected);
	}

	/**
	 * Receives a message on a channel the caller has checked (a chat plugin visitor's),
	 * in a conversation whose id the caller fixed beforehand.
	 * @return the message, or empty when the channel already has its platform id
	 */
	@Transactional
	public Optional<MessageView> receive(ChannelView channel, UUID conversationId, Inbound.Message message) {
		return store(channel, conversationId, message);
	}

	private boolean apply(ChannelView channel, Inbound event) {
		return switch (event) {
			case Inbound.Message message -> {
				store(channel, null, message);
				yield true;
			}
			case Inbound.Report report -> report(channel, report);
			case Inbound.Receipt receipt -> {
				receipt(channel, receipt);
				yield true;
			}
			case Inbound.Annotation annotation -> {
				annotate(channel, annotation);
				yield true;
			}
			case Inbound.Reopen reopen -> {
				Started started = open(channel, null, reopen.contact());
				this.conversations.reopen(started.conversation().id());
				yield true;
			}
		};
	}

	private Optional<MessageView> store(ChannelView channel, UUID conversationId, Inbound.Message message) {
		Started started = open(channel, conversationId, message.contact());
		ConversationRef conversation = started.conversation();
		if (message.sender().type() == Inbound.SenderType.BUSINESS) {
			if (message.sourceMessageId() != null
					&& this.messages.findBySourceId(channel.id(), message.sourceMessageId()).isPresent()) {
				return Optional.empty();
			}
			if (this.messages.sendInFlight(conversation.id())) {
				// an echo without our app id may be our own send, whose platform id comes
				// later
				throw new IllegalStateException("A business message arrived while a send to its contact is in flight");
			}
		}
		Instant now = this.clock.instant();
		MessageRow row = row(channel, conversation, message, now);
		if (!this.messages.insert(row, now)) {
			return Optional.empty();
		}
		MessageView view = this.writes.created(channel, row);
		if (started.created()) {
			NewContact contact = new NewContact(conversation.id(), channel.id(), channel.source(),
					message.contact().id());
			List<NewContact> batch = this.batchContacts.get();
			if (batch != null) {
				batch.add(contact);
			}
			else {
				this.publisher.publishEvent(contact);
			}
		}
		return Optional.of(view);
	}

	private MessageRow row(ChannelView channel, ConversationRef conversation, Inbound.Message message, Instant now) {
		return new MessageRow((message.id() != null) ? message.id() : UUID.randomUUID(), channel.workspaceId(),
				conversation.id(), channel.id(), channel.source(), message.sender().type().value(),
				(message.sender().id() != null) ? message.sender().id() : conversation.contactId().toString(),
				message.sender().name(), this.json.writeValueAsString(message.content()),
				(message.sourceContent() != null) ? message.sourceContent().toString() : null, "DELIVERED",
				(message.metadata() != null) ? message.metadata().toString() : "{}", message.sourceMessageId(),
				(message.sentAt() != null) ? message.sentAt() : now);
	}

	private Started open(ChannelView channel, UUID conversationId, Inbound.Contact contact) {
		return this.conversations.open(channel, conversationId, contact.id(),
				new ContactProfile(contact.name(), null, null, null), contact.placeholder());
	}

	private boolean report(ChannelView channel, Inbound.Report report) {
		Optional<MessageRow> message = this.messages.findBySourceId(channel.id(), report.sourceMessageId());
		if (message.isEmpty()) {
			if (report.awaitSend()) {
				throw new IllegalStateException(
						"No message " + report.sourceMessageId() + " sent on " + channel.source() + " yet");
			}
			return false;
		}
		this.conversations.lock(message.get().conversationId());
		this.messages.report(channel.id(), report.sourceMessageId(), report.report(), this.clock.instant())
			.ifPresent((id) -> {
				this.writes.updated(id);
				interaction(id, report.report());
			});
		return true;
	}

	private void receipt(ChannelView channel, Inbound.Receipt receipt) {
		Optional<ConversationRef> conversation = this.conversations.find(channel.id(), receipt.contactId());
		if (conversation.isEmpty()) {
			return;
		}
		Instant watermark = (receipt.watermark() != null) ? receipt.watermark()
				: this.messages.findBySourceId(channel.id(), receipt.sourceMessageId())
					.map(MessageRow::sentAt)
					.orElse(null);
		if (watermark != null) {
			this.conversations.lock(conversation.get().id());
			this.messages.receiptUpTo(conversation.get().id(), watermark, receipt.read(), this.clock.instant())
				.forEach((id) -> {
					this.writes.updated(id);
					this.interactions.record(id, receipt.read() ? "read" : "delivered", null, watermark);
				});
		}
	}

	private void annotate(ChannelView channel, Inbound.Annotation annotation) {
		Optional<MessageRow> message = this.messages.findBySourceId(channel.id(), annotation.sourceMessageId());
		if (message.isEmpty()) {
			if (annotation.otherwise() != null) {
				store(channel, null, annotation.otherwise());
			}
			return;
		}
		this.conversations.lock(message.get().conversationId());
		this.messages
			.setMetadata(channel.id(), annotation.sourceMessageId(), annotation.path(), annotation.value().toString(),
					this.clock.instant())
			.ifPresent((id) -> {
				this.writes.updated(id);
				if (annotation.path().equals(List.of("reaction"))) {
					this.interactions.record(id, "reaction", annotation.value(), this.clock.instant());
				}
			});
	}

	/** A report of delivery or reading is an interaction too; one of sending is not. */
	private void interaction(UUID messageId, DeliveryReport report) {
		String type = switch (report.status()) {
			case DELIVERED -> "delivered";
			case READ -> "read";
			case SENT, FAILED -> null;
		};
		if (type != null) {
			this.interactions.record(messageId, type, null, (report.at() != null) ? report.at() : this.clock.instant());
		}
	}

	/**
	 * What became of one delivery of a batch.
	 *
	 * @param applied whether it concerned anything here (else it is {@code IGNORED})
	 * @param failure why it failed and was rolled back, or {@code null}
	 */
	public record Outcome(boolean applied, RuntimeException failure) {

	}

	/**
	 * A batch that cannot commit: apply its deliveries one by one.
	 */
	public static final class BatchAbortedException extends RuntimeException {

		BatchAbortedException(Exception cause) {
			super("A delivery of the batch failed beyond its savepoint", cause);
		}

	}

	/**
	 * A contact seen for the first time (published in the transaction that stored their
	 * first message), for sources that fetch a profile once.
	 *
	 * @param conversationId the new conversation
	 * @param channelId its channel
	 * @param source the channel's source
	 * @param contactId the contact's platform id
	 */
	public record NewContact(UUID conversationId, UUID channelId, String source, String contactId) {

	}

}

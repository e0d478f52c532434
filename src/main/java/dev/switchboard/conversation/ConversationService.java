package dev.switchboard.conversation;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.switchboard.channel.ChannelService;
import dev.switchboard.channel.ChannelView;
import dev.switchboard.common.error.BadRequestException;
import dev.switchboard.common.error.ForbiddenException;
import dev.switchboard.common.error.NotFoundException;
import dev.switchboard.common.events.EventLog;
import dev.switchboard.common.pagination.Cursor;
import dev.switchboard.common.pagination.Cursors;
import dev.switchboard.common.pagination.KeysetPages;
import dev.switchboard.common.pagination.Page;
import dev.switchboard.common.pagination.PageRequest;
import dev.switchboard.common.pagination.Paginated;
import dev.switchboard.common.security.CurrentMember;
import dev.switchboard.common.security.Member;
import dev.switchboard.tag.TagService;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Conversations: the filtered inbox list, one conversation, and what agents change on it
 * (read, state, tags, contact name, metadata, assignee). The message feature opens
 * conversations and records their messages here, handing over each message as data.
 */
@Service
public class ConversationService {

	static final int MAX_METADATA_BYTES = 64 * 1024;

	static final int MAX_MERGED_VALUES = 256;

	private static final String CURSOR_KIND = "conversations";

	private static final Pattern METADATA_KEY = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+){0,7}");

	private final ConversationRepository conversations;

	private final ConversationCounts counts;

	private final ChannelService channels;

	private final TagService tags;

	private final Cursors cursors;

	private final JsonMapper json;

	private final EventLog events;

	private final ApplicationEventPublisher publisher;

	private final Clock clock;

	ConversationService(ConversationRepository conversations, ConversationCounts counts, ChannelService channels,
			TagService tags, Cursors cursors, JsonMapper json, EventLog events, ApplicationEventPublisher publisher,
			Clock clock) {
		this.conversations = conversations;
		this.counts = counts;
		this.channels = channels;
		this.tags = tags;
		this.cursors = cursors;
		this.json = json;
		this.events = events;
		this.publisher = publisher;
		this.clock = clock;
	}

	/**
	 * A page of conversations matching the filters, newest activity first, with
	 * {@code total}, {@code filtered_total} and {@code badge_unread_count}. A page costs
	 * the same few statements whatever its size.
	 */
	@Transactional(readOnly = true)
	public ConversationPage list(String filters, PageRequest request) {
		Member member = CurrentMember.get();
		Scope scope = Scope.of(member);
		ConversationFilter filter = ConversationFilter.parse(filters, member.userId());
		// a cursor carries the counts of its walk, and "me" means its caller: it belongs
		// to
		// the workspace and the member
		String kind = CURSOR_KIND + ":" + Cursors
			.fingerprint(scope.workspaceId() + "\n" + member.userId() + "\n" + ((filters != null) ? filters : ""));
		Cursor cursor = request.hasCursor() ? this.cursors.decode(kind, request.cursor()) : null;
		Instant afterActivity = null;
		UUID afterId = null;
		long[] counts;
		if (cursor != null) {
			try {
				afterActivity = Instant.parse(cursor.key().get(0));
				afterId = UUID.fromString(cursor.key().get(1));
				counts = new long[] { Long.parseLong(cursor.key().get(2)), Long.parseLong(cursor.key().get(3)),
						Long.parseLong(cursor.key().get(4)) };
			}
			catch (RuntimeException ex) {
				throw new BadRequestException("The cursor is not valid: use a cursor returned by this list.");
			}
		}
		else {
			counts = counts(scope, filter);
		}
		List<ConversationRow> rows = this.conversations.page(scope, filter, afterActivity, afterId,
				cursor != null && cursor.direction() == Cursor.Direction.BACKWARD, request.size() + 1);
		long[] walk = counts;
		Page<ConversationRow> page = KeysetPages.page(
				kind, request, cursor, rows, (row) -> List.of(row.lastActivityAt().toString(), row.id().toString(),
						Long.toString(walk[0]), Long.toString(walk[1]), Long.toString(walk[2])),
				this.cursors, counts[0], counts[1]);
		long badge = counts[2];
		List<ConversationView> views = views(page.data());
		return new ConversationPage(views,
				new ConversationPage.Metadata(page.responseMetadata().previousCursor(),
						page.responseMetadata().nextCursor(), page.responseMetadata().filteredTotal(),
						page.responseMetadata().total(), badge));
	}

	/**
	 * The counts of a list: matching, all, matching with unread messages. They are taken
	 * on a walk's first page and carried in its cursors, so deeper pages cost no count
	 * (and show the counts as of the walk's start). All and unread come from the
	 * counters; only a filter's matches are counted, exactly, as the contract asks.
	 */
	private long[] counts(Scope scope, ConversationFilter filter) {
		long[] all = this.counts.count(scope);
		if ("true".equals(filter.sql())) {
			return new long[] { all[0], all[0], all[1] };
		}
		long[] matching = this.conversations.countMatching(scope, filter);
		return new long[] { matching[0], all[0], matching[1] };
	}

	/**
	 * A conversation the calling member sees.
	 * @throws NotFoundException for an unknown conversation, or one they do not see
	 */
	@Transactional(readOnly = true)
	public ConversationView find(UUID id) {
		return views(List.of(row(id))).get(0);
	}

	/**
	 * The routing data of a conversation the calling member sees, for sending and reading
	 * its messages.
	 * @throws NotFoundException for an unknown conversation, or one they do not see
	 */
	@Transactional(readOnly = true)
	public ConversationRef ref(UUID id) {
		return ConversationRef.of(row(id));
	}

	/**
	 * The routing data of a conversation whatever its workspace, for work done on no
	 * member's behalf (deliveries, visitors, platform callbacks).
	 * @throws NotFoundException for an unknown conversation
	 */
	@Transactional(readOnly = true)
	public ConversationRef get(UUID id) {
		return lookup(id).orElseThrow(ConversationService::notFound);
	}

	/**
	 * Like {@link #get(UUID)}, empty for an unknown conversation (a chat plugin visitor's
	 * conversation exists from their first message on).
	 */
	@Transactional(readOnly = true)
	public Optional<ConversationRef> lookup(UUID id) {
		return this.conversations.find(id).map(ConversationRef::of);
	}

	/**
	 * Marks a conversation read and publishes {@link ConversationRead}, for sources that
	 * tell the platform.
	 */
	@Transactional
	public void markRead(UUID id) {
		lock(id);
		row(id);
		require(this.conversations.markRead(id, this.clock.instant()));
		publishUpdated(id);
		this.publisher.publishEvent(new ConversationRead(id));
	}

	@Transactional
	public void setState(UUID id, String state) {
		lock(id);
		row(id);
		require(this.conversations.setState(id, state, this.clock.instant()));
		publishUpdated(id);
	}

	/**
	 * Opens a conversation because its contact asks for a person, on no member's behalf.
	 */
	@Transactional
	public void reopen(UUID id) {
		lock(id);
		require(this.conversations.setState(id, "OPEN", this.clock.instant()));
		publishUpdated(id);
	}

	@Transactional
	public void updateContact(UUID id, String displayName) {
		lock(id);
		row(id);
		require(this.conversations.updateContact(id, displayName, this.clock.instant()));
		publishUpdated(id);
	}

	/**
	 * Tags a conversation; tagging twice changes nothing.
	 */
	@Transactional
	public void tag(UUID id, UUID tagId) {
		lock(id);
		ConversationRow row = row(id);
		if (!this.tags.exists(row.workspaceId(), tagId)) {
			throw new NotFoundException("No such tag.");
		}
		this.conversations.tag(id, tagId);
		publishUpdated(id);
	}

	@Transactional
	public void untag(UUID id, UUID tagId) {
		lock(id);
		row(id);
		this.conversations.untag(id, tagId);
		publishUpdated(id);
	}

	/**
	 * Sets the value at a dotted key ({@code crm.owner.name}) of the conversation's
	 * metadata, creating the objects on the way.
	 */
	@Transactional
	public void setMetadata(UUID id, String key, JsonNode value) {
		lock(id);
		row(id);
		int size = this.conversations.setMetadata(id, path(key), this.json.writeValueAsString(value),
				this.clock.instant());
		require(size >= 0);
		if (size > MAX_METADATA_BYTES) {
			throw new BadRequestException("The conversation's metadata would exceed " + MAX_METADATA_BYTES + " bytes.");
		}
		publishUpdated(id);
	}

	/**
	 * Merges an object into the conversation's metadata ({@code metadata.upsert}):
	 * objects merge key by key, any other value (an array, {@code null}) replaces what
	 * its key held. One event tells of the whole merge.
	 * @throws BadRequestException when {@code data} is no object, one of its keys is no
	 * metadata key, or the metadata would grow too large
	 */
	@Transactional
	public void mergeMetadata(UUID id, JsonNode data) {
		if (data == null || !data.isObject()) {
			throw new BadRequestException("data: must be an object");
		}
		Map<String, JsonNode> values = new LinkedHashMap<>();
		flatten(data, "", values);
		if (values.size() > MAX_MERGED_VALUES) {
			throw new BadRequestException("data: must hold at most " + MAX_MERGED_VALUES + " values");
		}
		lock(id);
		row(id);
		Instant now = this.clock.instant();
		int size = 0;
		for (Map.Entry<String, JsonNode> value : values.entrySet()) {
			size = this.conversations.setMetadata(id, path(value.getKey(), "data." + value.getKey()),
					this.json.writeValueAsString(value.getValue()), now);
		}
		if (size > MAX_METADATA_BYTES) {
			throw new BadRequestException("The conversation's metadata would exceed " + MAX_METADATA_BYTES + " bytes.");
		}
		publishUpdated(id);
	}

	/**
	 * The values of a nested object by their dotted keys; an empty object holds none.
	 */
	private static void flatten(JsonNode node, String prefix, Map<String, JsonNode> values) {
		for (Map.Entry<String, JsonNode> field : node.properties()) {
			String key = prefix + field.getKey();
			// a key already too long is refused as it is, however deep it goes
			if (field.getValue().isObject() && key.length() <= 256) {
				flatten(field.getValue(), key + ".", values);
			}
			else {
				values.put(key, field.getValue());
			}
		}
	}

	@Transactional
	public void removeMetadata(UUID id, String key) {
		lock(id);
		row(id);
		require(this.conversations.removeMetadata(id, path(key), this.clock.instant()));
		publishUpdated(id);
	}

	/**
	 * Assigns a conversation to a member who can see it. Agents may assign only
	 * themselves; supervisors and admins anyone.
	 * @throws ForbiddenException when an agent assigns someone else
	 * @throws BadRequestException when the user is no active member of the workspace or
	 * cannot see the conversation
	 */
	@Transactional
	public void assign(UUID id, UUID userId) {
		Member caller = CurrentMember.get();
		lock(id);
		ConversationRow row = row(id);
		if (!caller.seesEverything() && !caller.userId().equals(userId)) {
			throw new ForbiddenException("Agents may assign conversations only to themselves.");
		}
		boolean sees = this.conversations.member(row.workspaceId(), userId)
			.flatMap((assignee) -> this.conversations.find(Scope.of(assignee), id))
			.isPresent();
		if (!sees) {
			throw new BadRequestException(
					"user_id: must be an active member of the workspace who can see the conversation");
		}
		if (!userId.equals(row.assigneeId())) {
			this.conversations.assign(id, userId, this.clock.instant());
			publishUpdated(id);
		}
	}

	/**
	 * Leaves a conversation without assignee. Agents may unassign only themselves;
	 * supervisors and admins anyone.
	 * @throws ForbiddenException when an agent unassigns someone else
	 */
	@Transactional
	public void unassign(UUID id) {
		Member caller = CurrentMember.get();
		lock(id);
		ConversationRow row = row(id);
		if (row.assigneeId() == null) {
			return;
		}
		if (!caller.seesEverything() && !caller.userId().equals(row.assigneeId())) {
			throw new ForbiddenException("Agents may unassign only themselves.");
		}
		this.conversations.assign(id, null, this.clock.instant());
		publishUpdated(id);
	}

	/**
	 * Finds the conversation of a contact on a channel, starting it when there is none. A
	 * name the platform gives replaces the placeholder (or the contact's id) the
	 * conversation was started with, never a name an agent set.
	 * @param id the id of a new conversation, or {@code null} for a random one
	 * @param sourceContactId the contact's platform id
	 * @param profile what the platform says about the contact
	 * @param placeholder the name while the platform gives none, or {@code null} for the
	 * contact's id
	 */
	@Transactional
	public Started open(ChannelView channel, UUID id, String sourceContactId, ContactProfile profile,
			String placeholder) {
		Opening opening = new Opening(channel, sourceContactId, profile, placeholder);
		Optional<ConversationRow> existing = this.conversations.find(channel.id(), sourceContactId);
		Optional<ConversationRow> created = Optional.empty();
		if (existing.isEmpty()) {
			lockStart(opening.contact());
			created = this.conversations.create((id != null) ? id : UUID.randomUUID(), channel.workspaceId(),
					channel.id(), channel.source(), sourceContactId, initialProfile(opening), this.clock.instant());
			// else another transaction started it while this one waited for the lock
			existing = created.isPresent() ? created : this.conversations.find(channel.id(), sourceContactId);
		}
		ConversationRow row = existing.orElseThrow();
		if (created.isPresent()) {
			// no one else knows it before this transaction commits
			startedHere(row.id());
		}
		else {
			lock(row.id());
			// decided again on the row as it is under the lock: a name an agent set while
			// this waited must stay (read only when the row read before would be renamed)
			if (renamed(row, sourceContactId, profile, placeholder)
					&& renamed(this.conversations.find(row.id()).orElse(row), sourceContactId, profile, placeholder)) {
				this.conversations.updateProfile(row.id(), ContactProfile.named(profile.displayName()),
						this.clock.instant());
			}
		}
		return new Started(ConversationRef.of(row), created.isPresent());
	}

	/**
	 * Finds the conversations of contacts on channels, starting those there are none of:
	 * what {@link #open} does for each, in a few statements whatever their number. The
	 * transaction has {@linkplain #lockAhead locked} their contacts' conversations ahead.
	 * @param openings one per channel and contact
	 * @return the conversations, in the order of the openings
	 * @throws IllegalStateException for a contact whose conversation the transaction did
	 * not lock ahead
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public List<Started> openAll(List<Opening> openings) {
		LockedAhead ahead = lockedAhead();
		if (ahead == null) {
			throw new IllegalStateException("Lock the conversations ahead before opening them together");
		}
		List<ContactKey> contacts = openings.stream().map(Opening::contact).toList();
		contacts.forEach(this::lockStart);
		Instant now = this.clock.instant();
		Set<UUID> created = ahead.existing().containsAll(contacts) ? Set.of()
				: this.conversations.createAll(openings.stream()
					.map((one) -> new ConversationRepository.Wanted(one.channel().workspaceId(), one.channel().id(),
							one.channel().source(), one.sourceContactId(), initialProfile(one)))
					.toList(), now);
		created.forEach(ConversationService::startedHere);
		Map<ContactKey, ConversationRow> rows = this.conversations.findAllOf(contacts);
		List<Started> started = new ArrayList<>(openings.size());
		for (Opening opening : openings) {
			ConversationRow row = rows.get(opening.contact());
			if (row == null) {
				throw new IllegalStateException("The conversation of " + opening.contact() + " is gone");
			}
			// held since the look-ahead, or started by this transaction
			lock(row.id());
			boolean isNew = created.contains(row.id());
			if (!isNew && renamed(row, opening.sourceContactId(), opening.profile(), opening.placeholder())) {
				this.conversations.updateProfile(row.id(), ContactProfile.named(opening.profile().displayName()), now);
			}
			started.add(new Started(ConversationRef.of(row), isNew));
		}
		return started;
	}

	private static ContactProfile initialProfile(Opening opening) {
		ContactProfile profile = opening.profile();
		String name = (opening.placeholder() != null) ? opening.placeholder() : opening.sourceContactId();
		return (profile.displayName() != null) ? profile
				: new ContactProfile(name, profile.firstName(), profile.lastName(), profile.avatarUrl());
	}

	/**
	 * Whether the platform's name for the contact replaces the conversation's: only the
	 * placeholder (or the contact's id) it was started with, never a name an agent set.
	 */
	private static boolean renamed(ConversationRow row, String sourceContactId, ContactProfile profile,
			String placeholder) {
		String name = (placeholder != null) ? placeholder : sourceContactId;
		String given = profile.displayName();
		return given != null && !given.equals(row.displayName())
				&& (row.displayName().equals(name) || row.displayName().equals(sourceContactId));
	}

	/**
	 * A conversation {@link #openAll} finds or starts.
	 *
	 * @param channel the channel
	 * @param sourceContactId the contact's platform id
	 * @param profile what the platform says about the contact
	 * @param placeholder the name while the platform gives none, or {@code null} for the
	 * contact's id
	 */
	public record Opening(ChannelView channel, String sourceContactId, ContactProfile profile, String placeholder) {

		ContactKey contact() {
			return new ContactKey(this.channel.id(), this.sourceContactId);
		}

	}

	/**
	 * A contact on a channel: what names its conversation before it exists.
	 *
	 * @param channelId the channel
	 * @param sourceContactId the contact's platform id
	 */
	public record ContactKey(UUID channelId, String sourceContactId) {

	}

	/**
	 * Records new messages of conversations, as {@link #recordMessage} does for each, in
	 * one statement whatever their number. The caller holds the conversations' locks.
	 * @param recorded one per conversation
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void recordMessages(List<Recorded> recorded) {
		if (recorded.isEmpty()) {
			return;
		}
		this.conversations.recordMessages(recorded.stream()
			.map((one) -> new ConversationRepository.Recorded(one.conversationId(), one.unread(), one.messageId(),
					one.sentAt(), this.json.writeValueAsString(one.message())))
			.toList(), this.clock.instant());
		Map<UUID, ChannelView> contacted = new LinkedHashMap<>();
		recorded.stream()
			.filter((one) -> one.unread() > 0)
			.forEach((one) -> contacted.put(one.conversationId(), one.channel()));
		CoalescedUpdates coalesced = (CoalescedUpdates) TransactionSynchronizationManager
			.getResource(CoalescedUpdates.class);
		if (coalesced != null) {
			coalesced.channels().putAll(contacted);
		}
		else {
			publishUpdated(contacted);
		}
	}

	/**
	 * The new messages of one conversation.
	 *
	 * @param channel the conversation's channel
	 * @param conversationId the conversation
	 * @param unread how many of them the contact sent (each counts as unread, and any
	 * reopens the conversation and publishes its new state)
	 * @param messageId the latest of them (the last sent, the last given of equals)
	 * @param message it in its API shape
	 * @param sentAt when it was sent
	 */
	public record Recorded(ChannelView channel, UUID conversationId, int unread, UUID messageId, Object message,
			Instant sentAt) {

	}

	/**
	 * The conversation of a contact on a channel, if there is one (receipts must not
	 * start conversations).
	 */
	@Transactional(readOnly = true)
	public Optional<ConversationRef> find(UUID channelId, String sourceContactId) {
		return this.conversations.find(channelId, sourceContactId).map(ConversationRef::of);
	}

	/**
	 * Sets what the platform says about the contact (name, picture); {@code null} fields
	 * stay as they are.
	 */
	@Transactional
	public void updateContactProfile(UUID id, ContactProfile profile) {
		lock(id);
		require(this.conversations.updateProfile(id, profile, this.clock.instant()));
		publishUpdated(id);
	}

	/**
	 * Records a message of the conversation: the latest becomes its last message; a
	 * contact's message counts as unread, reopens the conversation and publishes its new
	 * state. The caller holds the conversation's lock.
	 * @param channel the conversation's channel
	 * @param message the message in its API shape
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void recordMessage(ChannelView channel, UUID conversationId, UUID messageId, Object message, Instant sentAt,
			boolean fromContact) {
		ConversationRow row = this.conversations
			.recordMessage(conversationId, messageId, this.json.writeValueAsString(message), sentAt, fromContact,
					this.clock.instant())
			.orElseThrow(ConversationService::notFound);
		if (fromContact) {
			CoalescedUpdates coalesced = (CoalescedUpdates) TransactionSynchronizationManager
				.getResource(CoalescedUpdates.class);
			if (coalesced != null) {
				coalesced.channels().put(conversationId, channel);
			}
			else {
				this.events.append("conversation.updated", row.workspaceId(), conversationId, channel.id(),
						view(row, ConversationView.Channel.of(channel)));
			}
		}
	}

	/**
	 * From now on in the caller's transaction, the conversations that receive contact
	 * messages publish their new state once, on {@link #publishCoalescedUpdates()},
	 * rather than once per message: a batch of webhooks costs one
	 * {@code conversation.updated} per conversation.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void coalesceUpdates() {
		if (TransactionSynchronizationManager.hasResource(CoalescedUpdates.class)) {
			return;
		}
		bindUntilCompletion(CoalescedUpdates.class, new CoalescedUpdates(new LinkedHashMap<>()));
	}

	/** Binds a resource to the transaction until it ends. */
	private static void bindUntilCompletion(Class<?> key, Object resource) {
		TransactionSynchronizationManager.bindResource(key, resource);
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCompletion(int status) {
				TransactionSynchronizationManager.unbindResourceIfPossible(key);
			}
		});
	}

	/**
	 * Publishes one {@code conversation.updated} with the current state of each
	 * conversation recorded since {@link #coalesceUpdates()}, and stops coalescing.
	 * @return the conversations published (those rolled back since are not)
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public Set<UUID> publishCoalescedUpdates() {
		CoalescedUpdates coalesced = (CoalescedUpdates) TransactionSynchronizationManager
			.unbindResourceIfPossible(CoalescedUpdates.class);
		if (coalesced == null || coalesced.channels().isEmpty()) {
			return Set.of();
		}
		return publishUpdated(coalesced.channels());
	}

	/**
	 * Publishes the new state of conversations in one statement.
	 * @return the conversations published (those that no longer exist are not)
	 */
	private Set<UUID> publishUpdated(Map<UUID, ChannelView> channels) {
		Set<UUID> published = new HashSet<>();
		List<EventLog.Event> updates = new ArrayList<>();
		for (ConversationRow row : this.conversations.findAll(channels.keySet())) {
			ChannelView channel = channels.get(row.id());
			updates.add(new EventLog.Event("conversation.updated", row.workspaceId(), row.id(), channel.id(),
					view(row, ConversationView.Channel.of(channel))));
			published.add(row.id());
		}
		this.events.appendAll(updates);
		return published;
	}

	private record CoalescedUpdates(Map<UUID, ChannelView> channels) {
	}

	/**
	 * Keeps the conversation's copy of its last message current when a message changes;
	 * other messages change nothing here. The caller holds the conversation's lock.
	 * @param message the message in its API shape
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void messageChanged(UUID conversationId, UUID messageId, Object message) {
		this.conversations.messageChanged(conversationId, messageId, this.json.writeValueAsString(message));
	}

	/**
	 * Serialises the changes of one conversation across transactions and instances. Call
	 * it before a transaction's first write: its events then take their place in the log
	 * after those of the change before it, so clients applying snapshots in event order
	 * end with the latest. In a transaction that has {@linkplain #lockAhead locked
	 * ahead}, the lock is held already.
	 * @throws IllegalStateException in a transaction that locked ahead, for a
	 * conversation it did not lock then (nor start since)
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void lock(UUID conversationId) {
		if (lockedAhead() == null) {
			this.conversations.lock(conversationId);
		}
		else {
			requireLockedAhead(List.of(conversationId));
		}
	}

	/**
	 * Takes the locks of several conversations in one statement, in the one order every
	 * caller that takes several uses, so that two of them never deadlock.
	 * @throws IllegalStateException in a transaction that {@linkplain #lockAhead locked
	 * ahead}, for a conversation it did not lock then (nor start since)
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void lockAll(Collection<UUID> conversationIds) {
		if (lockedAhead() == null) {
			this.conversations.lockAll(conversationIds);
		}
		else {
			requireLockedAhead(conversationIds);
		}
	}

	private static void requireLockedAhead(Collection<UUID> conversationIds) {
		Set<UUID> locked = lockedAhead().conversationIds();
		for (UUID id : conversationIds) {
			if (!locked.contains(id)) {
				throw notLockedAhead(id.toString());
			}
		}
	}

	/** Taken now, the lock would come after the transaction's first write. */
	private static IllegalStateException notLockedAhead(String conversation) {
		return new IllegalStateException("The conversation " + conversation
				+ " was not locked ahead: the transaction did not foresee its change");
	}

	/**
	 * Takes, before the transaction's first write, the locks of every conversation its
	 * changes will touch: those of these contacts (of those not started yet, by contact)
	 * and these conversations, at once, in the one order of {@link #lockAll}; a few
	 * statements whatever their number. Every lock the transaction asks for afterwards
	 * must be one of these, or that of a conversation it started (no one else knows its
	 * id before the transaction commits): otherwise it fails, for the lock would come
	 * after its first write, and its events in the log before those of changes that
	 * commit earlier. Call it once per transaction.
	 * @param contacts the contacts on channels whose conversations will change (or start)
	 * @param conversationIds other conversations that will change
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void lockAhead(Collection<ContactKey> contacts, Collection<UUID> conversationIds) {
		if (lockedAhead() != null) {
			throw new IllegalStateException("The transaction has locked its conversations ahead already");
		}
		Set<UUID> ids = new HashSet<>(conversationIds);
		Set<ContactKey> existing = new HashSet<>();
		Set<ContactKey> starting = new HashSet<>(contacts);
		found(this.conversations.findAllOf(starting), ids, existing, starting);
		this.conversations.lockAll(ids, starting);
		if (!starting.isEmpty()) {
			// started by others while this transaction waited for their contacts' locks
			Set<UUID> meanwhile = new HashSet<>();
			found(this.conversations.findAllOf(starting), meanwhile, existing, starting);
			// still before the first write, if not in the one order: a rare crossing with
			// another batch is a deadlock that PostgreSQL ends by failing one of them
			this.conversations.lockAll(meanwhile);
			ids.addAll(meanwhile);
		}
		bindUntilCompletion(LockedAhead.class, new LockedAhead(existing, starting, ids));
	}

	private static void found(Map<ContactKey, ConversationRow> rows, Set<UUID> ids, Set<ContactKey> existing,
			Set<ContactKey> starting) {
		rows.forEach((contact, row) -> {
			ids.add(row.id());
			existing.add(contact);
			starting.remove(contact);
		});
	}

	/**
	 * Takes the lock of a contact's conversation about to start (held since the
	 * look-ahead, if the transaction locked ahead).
	 */
	private void lockStart(ContactKey contact) {
		LockedAhead ahead = lockedAhead();
		if (ahead == null) {
			this.conversations.lockAll(List.of(), List.of(contact));
		}
		else if (!ahead.existing().contains(contact) && !ahead.starting().contains(contact)) {
			throw notLockedAhead(contact.toString());
		}
	}

	/**
	 * Whether the transaction has {@linkplain #lockAhead locked its conversations ahead}.
	 */
	public boolean hasLockedAhead() {
		return lockedAhead() != null;
	}

	private static LockedAhead lockedAhead() {
		return (LockedAhead) TransactionSynchronizationManager.getResource(LockedAhead.class);
	}

	/**
	 * A conversation the transaction started: no one else can know it, so its lock needs
	 * no taking.
	 */
	private static void startedHere(UUID conversationId) {
		LockedAhead ahead = lockedAhead();
		if (ahead != null) {
			ahead.conversationIds().add(conversationId);
		}
	}

	/**
	 * The conversations a transaction locked ahead.
	 *
	 * @param existing the contacts whose conversations existed then
	 * @param starting the contacts whose conversations did not, locked by contact
	 * @param conversationIds the conversations locked then, and those started since
	 */
	private record LockedAhead(Set<ContactKey> existing, Set<ContactKey> starting, Set<UUID> conversationIds) {
	}

	/**
	 * Publishes the conversation's new state ({@code conversation.updated}).
	 */
	private void publishUpdated(UUID id) {
		this.events.appendAll(updated(List.of(this.conversations.find(id).orElseThrow(ConversationService::notFound))));
	}

	/**
	 * The {@code conversation.updated} events of conversations as they are.
	 */
	private List<EventLog.Event> updated(List<ConversationRow> rows) {
		List<ConversationView> views = views(rows);
		List<EventLog.Event> events = new ArrayList<>(rows.size());
		for (int i = 0; i < rows.size(); i++) {
			ConversationView view = views.get(i);
			events.add(new EventLog.Event("conversation.updated", rows.get(i).workspaceId(), view.id(),
					view.channel().id(), view));
		}
		return events;
	}

	private List<ConversationView> views(List<ConversationRow> rows) {
		if (rows.isEmpty()) {
			return List.of();
		}
		Map<UUID, ChannelView> channels = this.channels
			.findAll(rows.stream().map(ConversationRow::channelId).distinct().toList());
		return rows.stream()
			.map((row) -> view(row, ConversationView.Channel.of(channels.get(row.channelId()))))
			.toList();
	}

	private ConversationView view(ConversationRow row, ConversationView.Channel channel) {
		return new ConversationView(row.id(), channel, row.createdAt(),
				new ConversationView.Contact(row.contactId(), row.displayName(), row.firstName(), row.lastName(),
						row.avatarUrl()),
				row.tagIds(), this.json.readTree(row.metadata()), row.state(),
				(row.lastMessage() != null) ? this.json.readTree(row.lastMessage()) : null, row.unreadCount(),
				(row.assigneeId() != null) ? new ConversationView.Assignee(row.assigneeId(), row.assigneeName())
						: null);
	}

	/**
	 * A conversation the calling member sees: the one check before every read or change.
	 */
	private ConversationRow row(UUID id) {
		return this.conversations.find(Scope.current(), id).orElseThrow(ConversationService::notFound);
	}

	private static void require(boolean found) {
		if (!found) {
			throw notFound();
		}
	}

	static List<String> path(String key) {
		return path(key, "key");
	}

	private static List<String> path(String key, String field) {
		if (key == null || key.length() > 256 || !METADATA_KEY.matcher(key).matches()) {
			throw new BadRequestException(field + ": must be a dotted path of [A-Za-z0-9_-] segments, at most 8 deep "
					+ "and 256 characters (e.g. crm.owner.name)");
		}
		return Arrays.asList(key.split("\\."));
	}

	private static NotFoundException notFound() {
		return new NotFoundException("No such conversation.");
	}

	/**
	 * Unassigns everything assigned to a user in a workspace (the user is leaving it);
	 * each conversation publishes its new state. It takes every one of their locks at
	 * once before it writes, so call it before the transaction's first write: one lock
	 * taken after it would put that conversation's event before those of changes that
	 * commit earlier (docs/realtime.md, "Ordering").
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void unassignAll(UUID workspaceId, UUID userId) {
		List<UUID> assigned = this.conversations.assignedTo(workspaceId, userId);
		if (assigned.isEmpty()) {
			return;
		}
		lockAll(assigned);
		this.events.appendAll(updated(this.conversations.unassignAll(assigned, userId, this.clock.instant())));
	}

	/**
	 * Where a conversation's messages go.
	 *
	 * @param id the conversation id
	 * @param workspaceId its workspace
	 * @param channelId the channel
	 * @param source the channel's source
	 * @param contactId the contact's id
	 * @param sourceContactId the contact's platform id (the recipient of replies)
	 */
	public record ConversationRef(UUID id, UUID workspaceId, UUID channelId, String source, UUID contactId,
			String sourceContactId) {

		static ConversationRef of(ConversationRow row) {
			return new ConversationRef(row.id(), row.workspaceId(), row.channelId(), row.source(), row.contactId(),
					row.sourceContactId());
		}

	}

	/**
	 * A conversation found or started.
	 *
	 * @param conversation the conversation
	 * @param created whether it was started now
	 */
	public record Started(ConversationRef conversation, boolean created) {

	}

	/**
	 * A page of {@code conversations.list}.
	 *
	 * @param data the conversations
	 * @param responseMetadata cursors and counts
	 */
	public record ConversationPage(List<ConversationView> data, Metadata responseMetadata) implements Paginated {

		/**
		 * Cursors and counts, with the badge count of the inbox.
		 *
		 * @param previousCursor the page before, or {@code ""}
		 * @param nextCursor the page after, or {@code ""}
		 * @param filteredTotal conversations matching the filters
		 * @param total all conversations
		 * @param badgeUnreadCount matching conversations with unread messages
		 */
		public record Metadata(String previousCursor, String nextCursor, long filteredTotal, long total,
				long badgeUnreadCount) implements Paginated.Metadata {

		}

	}

}

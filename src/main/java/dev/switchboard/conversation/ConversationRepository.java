package dev.switchboard.conversation;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import dev.switchboard.common.db.AdvisoryLocks;
import dev.switchboard.common.security.Member;
import dev.switchboard.common.security.Role;
import dev.switchboard.conversation.ConversationService.ContactKey;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * SQL for conversations. Counters, state and metadata change in single statements, so
 * concurrent writers (webhooks, agents) never lose each other's updates.
 */
@Repository
class ConversationRepository {

	private final JdbcClient jdbc;

	private final AdvisoryLocks locks;

	ConversationRepository(JdbcClient jdbc, AdvisoryLocks locks) {
		this.jdbc = jdbc;
		this.locks = locks;
	}

	/**
	 * A conversation whatever its workspace, for work done on no member's behalf.
	 */
	Optional<ConversationRow> find(UUID id) {
		return this.jdbc.sql("select " + ConversationRow.COLUMNS + " from conversations c where c.id = :id")
			.param("id", id)
			.query(ConversationRow::map)
			.optional();
	}

	/**
	 * Conversations by id whatever their workspace, in the order given; unknown ids are
	 * left out.
	 */
	List<ConversationRow> findAll(Collection<UUID> ids) {
		Map<UUID, ConversationRow> rows = new HashMap<>();
		this.jdbc
			.sql("select " + ConversationRow.COLUMNS + " from conversations c where c.id = any(cast(:ids as uuid[]))")
			.param("ids", ids.stream().map(UUID::toString).toArray(String[]::new))
			.query(ConversationRow::map)
			.list()
			.forEach((row) -> rows.put(row.id(), row));
		return ids.stream().map(rows::get).filter(Objects::nonNull).toList();
	}

	/**
	 * A conversation the scope sees.
	 */
	Optional<ConversationRow> find(Scope scope, UUID id) {
		return this.jdbc
			.sql("select " + ConversationRow.COLUMNS + " from conversations c where c.id = :id and " + scope.sql())
			.params(scope.parameters())
			.param("id", id)
			.query(ConversationRow::map)
			.optional();
	}

	Optional<ConversationRow> find(UUID channelId, String sourceContactId) {
		return this.jdbc
			.sql("select " + ConversationRow.COLUMNS
					+ " from conversations c where c.channel_id = :channel and c.source_contact_id = :contact")
			.param("channel", channelId)
			.param("contact", sourceContactId)
			.query(ConversationRow::map)
			.optional();
	}

	/**
	 * Reads up to {@code limit} conversations matching the filter, newest activity first
	 * from the position (forward) or oldest first before it (backward).
	 */
	List<ConversationRow> page(Scope scope, ConversationFilter filter, Instant afterActivity, UUID afterId,
			boolean backward, int limit) {
		StringBuilder sql = new StringBuilder("select ").append(ConversationRow.COLUMNS)
			.append(" from conversations c where ")
			.append(scope.sql())
			.append(" and (")
			.append(filter.sql())
			.append(")");
		Map<String, Object> params = new HashMap<>(filter.parameters());
		params.putAll(scope.parameters());
		if (afterActivity != null) {
			sql.append(backward ? " and (c.last_activity_at, c.id) > (:k_at, :k_id)"
					: " and (c.last_activity_at, c.id) < (:k_at, :k_id)");
			params.put("k_at", Timestamp.from(afterActivity));
			params.put("k_id", afterId);
		}
		sql.append(backward ? " order by c.last_activity_at asc, c.id asc"
				: " order by c.last_activity_at desc, c.id desc");
		sql.append(" limit :k_limit");
		params.put("k_limit", limit);
		return this.jdbc.sql(sql.toString()).params(params).query(ConversationRow::map).list();
	}

	/**
	 * Matching conversations, and those of them with unread messages.
	 */
	long[] countMatching(Scope scope, ConversationFilter filter) {
		return this.jdbc
			.sql("select count(*), count(*) filter (where c.unread_count > 0) from conversations c where " + scope.sql()
					+ " and (" + filter.sql() + ")")
			.params(filter.parameters())
			.params(scope.parameters())
			.query((rs, row) -> new long[] { rs.getLong(1), rs.getLong(2) })
			.single();
	}

	/**
	 * Takes the conversation's transaction-scoped lock; it assigns no transaction id.
	 */
	void lock(UUID id) {
		this.locks.lock(AdvisoryLocks.Kind.CONVERSATION, id.toString());
	}

	/**
	 * Creates the conversation of a contact on a channel unless it exists. It takes no
	 * row lock on an existing conversation, so that the caller can take the
	 * conversation's advisory lock, as every other writer does: a row lock taken before
	 * it would deadlock with them.
	 * @return the conversation created, or empty when it exists
	 */
	Optional<ConversationRow> create(UUID id, UUID workspaceId, UUID channelId, String source, String sourceContactId,
			ContactProfile profile, Instant now) {
		return this.jdbc.sql("""
				insert into conversations as c (id, workspace_id, channel_id, source, contact_id, source_contact_id,
				    display_name, first_name, last_name, avatar_url, state, last_activity_at, created_at, updated_at)
				values (:id, :workspace, :channel, :source, :contact, :sourceContact, :displayName, :firstName,
				    :lastName, :avatarUrl, 'OPEN', :now, :now, :now)
				on conflict (channel_id, source_contact_id) do nothing
				returning\s""" + ConversationRow.COLUMNS)
			.param("id", id)
			.param("workspace", workspaceId)
			.param("channel", channelId)
			.param("source", source)
			.param("contact", UUID.randomUUID())
			.param("sourceContact", sourceContactId)
			.param("displayName", profile.displayName())
			.param("firstName", profile.firstName())
			.param("lastName", profile.lastName())
			.param("avatarUrl", profile.avatarUrl())
			.param("now", Timestamp.from(now))
			.query(ConversationRow::map)
			.optional();
	}

	/**
	 * Sets what a platform says about the contact; {@code null} fields stay as they are.
	 */
	boolean updateProfile(UUID id, ContactProfile profile, Instant now) {
		return this.jdbc.sql("""
				update conversations set display_name = coalesce(:displayName, display_name),
				    first_name = coalesce(:firstName, first_name), last_name = coalesce(:lastName, last_name),
				    avatar_url = coalesce(:avatarUrl, avatar_url), updated_at = :now
				where id = :id""")
			.param("displayName", profile.displayName())
			.param("firstName", profile.firstName())
			.param("lastName", profile.lastName())
			.param("avatarUrl", profile.avatarUrl())
			.param("now", Timestamp.from(now))
			.param("id", id)
			.update() == 1;
	}

	/**
	 * Creates the conversations of contacts on channels that do not exist yet, in one
	 * statement whatever their number. Like {@link #create}, it takes no row lock.
	 * @param wanted the conversations, one per channel and contact
	 * @return the ids of those created
	 */
	Set<UUID> createAll(List<Wanted> wanted, Instant now) {
		int size = wanted.size();
		String[] ids = new String[size];
		String[] workspaces = new String[size];
		String[] channels = new String[size];
		String[] sources = new String[size];
		String[] contacts = new String[size];
		String[] sourceContacts = new String[size];
		String[] displayNames = new String[size];
		String[] firstNames = new String[size];
		String[] lastNames = new String[size];
		String[] avatars = new String[size];
		for (int i = 0; i < size; i++) {
			Wanted one = wanted.get(i);
			ids[i] = UUID.randomUUID().toString();
			workspaces[i] = one.workspaceId().toString();
			channels[i] = one.channelId().toString();
			sources[i] = one.source();
			contacts[i] = UUID.randomUUID().toString();
			sourceContacts[i] = one.sourceContactId();
			displayNames[i] = one.profile().displayName();
			firstNames[i] = one.profile().firstName();
			lastNames[i] = one.profile().lastName();
			avatars[i] = one.profile().avatarUrl();
		}
		// inserted in the order of the unique key, so that two batches wait for each
		// other's new conversations rather than deadlock
		return Set.copyOf(this.jdbc.sql("""
				insert into conversations as c (id, workspace_id, channel_id, source, contact_id, source_contact_id,
				    display_name, first_name, last_name, avatar_url, state, last_activity_at, created_at, updated_at)
				select n.id, n.workspace_id, n.channel_id, n.source, n.contact_id, n.source_contact_id, n.display_name,
				    n.first_name, n.last_name, n.avatar_url, 'OPEN', :now, :now, :now
				from unnest(cast(:ids as uuid[]), cast(:workspaces as uuid[]), cast(:channels as uuid[]),
				    cast(:sources as text[]), cast(:contacts as uuid[]), cast(:sourceContacts as text[]),
				    cast(:displayNames as text[]), cast(:firstNames as text[]), cast(:lastNames as text[]),
				    cast(:avatars as text[]))
				    as n(id, workspace_id, channel_id, source, contact_id, source_contact_id, display_name, first_name,
				        last_name, avatar_url)
				order by n.channel_id, n.source_contact_id
				on conflict (channel_id, source_contact_id) do nothing
				returning c.id""")
			.param("ids", ids)
			.param("workspaces", workspaces)
			.param("channels", channels)
			.param("sources", sources)
			.param("contacts", contacts)
			.param("sourceContacts", sourceContacts)
			.param("displayNames", displayNames)
			.param("firstNames", firstNames)
			.param("lastNames", lastNames)
			.param("avatars", avatars)
			.param("now", Timestamp.from(now))
			.query(UUID.class)
			.list());
	}

	/**
	 * The conversations of contacts on channels that exist, in one statement whatever
	 * their number (without their last messages).
	 */
	Map<ContactKey, ConversationRow> findAllOf(Collection<ContactKey> contacts) {
		Map<ContactKey, ConversationRow> rows = new HashMap<>();
		if (contacts.isEmpty()) {
			return rows;
		}
		List<ContactKey> keys = List.copyOf(contacts);
		this.jdbc
			.sql("select " + ConversationRow.columns("null")
					+ """
							 from conversations c
							join unnest(cast(:channels as uuid[]), cast(:sourceContacts as text[])) as k(channel_id, source_contact_id)
							    on c.channel_id = k.channel_id and c.source_contact_id = k.source_contact_id""")
			.param("channels", keys.stream().map((key) -> key.channelId().toString()).toArray(String[]::new))
			.param("sourceContacts", keys.stream().map(ContactKey::sourceContactId).toArray(String[]::new))
			.query(ConversationRow::map)
			.list()
			.forEach((row) -> rows.put(new ContactKey(row.channelId(), row.sourceContactId()), row));
		return rows;
	}

	/**
	 * A conversation {@link #createAll} creates if it does not exist.
	 *
	 * @param workspaceId its channel's workspace
	 * @param channelId the channel
	 * @param source the channel's source
	 * @param sourceContactId the contact's platform id
	 * @param profile the contact's profile if it is created
	 */
	record Wanted(UUID workspaceId, UUID channelId, String source, String sourceContactId, ContactProfile profile) {

	}

	/**
	 * Takes the conversations' transaction-scoped locks in one statement.
	 */
	void lockAll(Collection<UUID> ids) {
		lockAll(ids, List.of());
	}

	/**
	 * Takes the locks of conversations and of contacts' conversations to start, in one
	 * statement. A conversation that does not exist yet is locked by its channel and
	 * contact, in the same class as those that exist (by id): whoever starts it holds
	 * that lock until it commits, so another transaction that waits for the lock finds
	 * the conversation once it has it.
	 */
	void lockAll(Collection<UUID> ids, Collection<ContactKey> starting) {
		List<String> keys = new ArrayList<>(ids.size() + starting.size());
		ids.forEach((id) -> keys.add(id.toString()));
		starting.forEach((contact) -> keys.add(contact.channelId() + "\n" + contact.sourceContactId()));
		this.locks.lockAll(AdvisoryLocks.Kind.CONVERSATION, keys);
	}

	/**
	 * Records new messages of conversations in one statement, as {@link #recordMessage}
	 * does for one: per conversation, the number of its new contact messages and the
	 * latest of them (which becomes the last message when it is the latest of all).
	 */
	void recordMessages(List<Recorded> recorded, Instant now) {
		int size = recorded.size();
		String[] ids = new String[size];
		String[] unread = new String[size];
		String[] messages = new String[size];
		String[] sentAt = new String[size];
		String[] messageJson = new String[size];
		for (int i = 0; i < size; i++) {
			Recorded one = recorded.get(i);
			ids[i] = one.conversationId().toString();
			unread[i] = String.valueOf(one.unread());
			messages[i] = one.messageId().toString();
			sentAt[i] = one.sentAt().toString();
			messageJson[i] = one.messageJson();
		}
		this.jdbc.sql("""
				with input as (
				    select * from unnest(cast(:ids as uuid[]), cast(:unread as int[]), cast(:messages as uuid[]),
				        cast(:sentAt as timestamptz[]), cast(:messageJson as text[]))
				        as i(id, unread, message, sent_at, message_json)),
				updated as (
				    update conversations c set
				        unread_count = c.unread_count + i.unread,
				        state = case when i.unread > 0 then 'OPEN' else c.state end,
				        last_message_id = case when i.sent_at >= c.last_activity_at or c.last_message_id is null
				            then i.message else c.last_message_id end,
				        last_activity_at = greatest(c.last_activity_at, i.sent_at),
				        updated_at = :now
				    from input i
				    where c.id = i.id
				    returning c.id, c.last_message_id, i.message, i.message_json)
				insert into conversation_last_messages (conversation_id, message)
				select id, cast(message_json as jsonb) from updated where last_message_id = message
				on conflict (conversation_id) do update set message = excluded.message""")
			.param("ids", ids)
			.param("unread", unread)
			.param("messages", messages)
			.param("sentAt", sentAt)
			.param("messageJson", messageJson)
			.param("now", Timestamp.from(now))
			.update();
	}

	/**
	 * New messages of one conversation, for {@link #recordMessages}.
	 *
	 * @param conversationId the conversation
	 * @param unread how many of them the contact sent
	 * @param messageId the latest of them
	 * @param sentAt when it was sent
	 * @param messageJson it in its API shape
	 */
	record Recorded(UUID conversationId, int unread, UUID messageId, Instant sentAt, String messageJson) {

	}

	/**
	 * Records a new message: it becomes the last message when it is the latest; a
	 * contact's message also counts as unread and reopens a closed conversation.
	 */
	Optional<ConversationRow> recordMessage(UUID conversationId, UUID messageId, String messageJson, Instant sentAt,
			boolean fromContact, Instant now) {
		// one statement: the counters, the copy of the last message, and the new state
		return this.jdbc.sql("""
				with updated as (
				    update conversations c set
				        unread_count = unread_count + :unread,
				        state = case when :fromContact then 'OPEN' else state end,
				        last_message_id = case when :sentAt >= last_activity_at or last_message_id is null
				            then :message else last_message_id end,
				        last_activity_at = greatest(last_activity_at, :sentAt),
				        updated_at = :now
				    where id = :id
				    returning c.*),
				copy as (
				    insert into conversation_last_messages (conversation_id, message)
				    select id, cast(:messageJson as jsonb) from updated where last_message_id = :message
				    on conflict (conversation_id) do update set message = excluded.message)
				select\s""" + ConversationRow.columns(
				"""
						case when c.last_message_id = :message then cast(:messageJson as text)
						    else (select lm.message::text from conversation_last_messages lm where lm.conversation_id = c.id) end""")
				+ " from updated c")
			.param("unread", fromContact ? 1 : 0)
			.param("fromContact", fromContact)
			.param("sentAt", Timestamp.from(sentAt))
			.param("message", messageId)
			.param("messageJson", messageJson)
			.param("now", Timestamp.from(now))
			.param("id", conversationId)
			.query(ConversationRow::map)
			.optional();
	}

	/**
	 * Keeps the copy of the conversation's last message up to date when that message
	 * changes (delivered, read, reacted to).
	 */
	void messageChanged(UUID conversationId, UUID messageId, String messageJson) {
		this.jdbc.sql("""
				update conversation_last_messages set message = cast(:messageJson as jsonb)
				where conversation_id = :id
				    and exists (select 1 from conversations c where c.id = :id and c.last_message_id = :message)""")
			.param("messageJson", messageJson)
			.param("id", conversationId)
			.param("message", messageId)
			.update();
	}

	/**
	 * A user as an active member of the workspace, with their role and divisions, or
	 * empty: whom a conversation may be assigned to is decided by their {@link Scope}.
	 */
	Optional<Member> member(UUID workspaceId, UUID userId) {
		return this.jdbc.sql("""
				select m.role, array(select d.division_id from membership_divisions d
				    where d.workspace_id = m.workspace_id and d.user_id = m.user_id) as division_ids
				from memberships m join users u on u.id = m.user_id
				where m.workspace_id = :workspace and m.user_id = :user and m.active and u.status = 'ACTIVE'""")
			.param("workspace", workspaceId)
			.param("user", userId)
			.query((rs, row) -> new Member(userId, workspaceId, Role.valueOf(rs.getString(1)),
					Set.of((UUID[]) rs.getArray(2).getArray())))
			.optional();
	}

	/**
	 * Sets the assignee, or clears it with {@code null}.
	 */
	boolean assign(UUID id, UUID userId, Instant now) {
		return this.jdbc.sql("update conversations set assignee_id = :user, updated_at = :now where id = :id")
			.param("user", userId)
			.param("now", Timestamp.from(now))
			.param("id", id)
			.update() == 1;
	}

	boolean markRead(UUID id, Instant now) {
		return update("unread_count = 0", id, Map.of(), now);
	}

	boolean setState(UUID id, String state, Instant now) {
		return update("state = :state", id, Map.of("state", state), now);
	}

	boolean updateContact(UUID id, String displayName, Instant now) {
		return update("display_name = :displayName", id, Map.of("displayName", displayName), now);
	}

	void tag(UUID id, UUID tagId) {
		this.jdbc
			.sql("insert into conversation_tags (conversation_id, tag_id) values (:id, :tag) on conflict do nothing")
			.param("id", id)
			.param("tag", tagId)
			.update();
	}

	void untag(UUID id, UUID tagId) {
		this.jdbc.sql("delete from conversation_tags where conversation_id = :id and tag_id = :tag")
			.param("id", id)
			.param("tag", tagId)
			.update();
	}

	/**
	 * Sets a metadata value at a path.
	 * @return the size of the whole document in bytes, or -1 for an unknown conversation
	 */
	int setMetadata(UUID id, List<String> path, String valueJson, Instant now) {
		return this.jdbc.sql("""
				update conversations set metadata = jsonb_set_deep(metadata, :path, cast(:value as jsonb)),
				    updated_at = :now
				where id = :id
				returning octet_length(metadata::text)""")
			.param("path", path.toArray(String[]::new))
			.param("value", valueJson)
			.param("now", Timestamp.from(now))
			.param("id", id)
			.query(Integer.class)
			.optional()
			.orElse(-1);
	}

	boolean removeMetadata(UUID id, List<String> path, Instant now) {
		return this.jdbc.sql("update conversations set metadata = metadata #- :path, updated_at = :now where id = :id")
			.param("path", path.toArray(String[]::new))
			.param("now", Timestamp.from(now))
			.param("id", id)
			.update() == 1;
	}

	private boolean update(String assignment, UUID id, Map<String, Object> params, Instant now) {
		return this.jdbc.sql("update conversations set " + assignment + ", updated_at = :now where id = :id")
			.params(params)
			.param("now", Timestamp.from(now))
			.param("id", id)
			.update() == 1;
	}

	/**
	 * The conversations assigned to a user in a workspace, in id order (the order they
	 * are locked in).
	 */
	List<UUID> assignedTo(UUID workspaceId, UUID userId) {
		return this.jdbc.sql("""
				select id from conversations where workspace_id = :workspace and assignee_id = :user
				order by id""").param("workspace", workspaceId).param("user", userId).query(UUID.class).list();
	}

	/**
	 * Clears the assignee of those of the conversations that it still is that user.
	 * @return the conversations changed, as they are now, in the order given
	 */
	List<ConversationRow> unassignAll(List<UUID> ids, UUID userId, Instant now) {
		Map<UUID, ConversationRow> changed = new HashMap<>();
		this.jdbc.sql("""
				update conversations c set assignee_id = null, updated_at = :now
				where c.id = any(cast(:ids as uuid[])) and c.assignee_id = :user
				returning\s""" + ConversationRow.COLUMNS)
			.param("now", Timestamp.from(now))
			.param("ids", ids.stream().map(UUID::toString).toArray(String[]::new))
			.param("user", userId)
			.query(ConversationRow::map)
			.list()
			.forEach((row) -> changed.put(row.id(), row));
		return ids.stream().map(changed::get).filter(Objects::nonNull).toList();
	}

}

package dev.switchboard.common.events;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Appends events in the caller's transaction, so an event exists exactly when its change
 * is committed. After the commit, readers in this instance are woken at once.
 */
@Component
public class EventLog {

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final ApplicationEventPublisher publisher;

	private final Clock clock;

	EventLog(JdbcClient jdbc, JsonMapper json, ApplicationEventPublisher publisher, Clock clock) {
		this.jdbc = jdbc;
		this.json = json;
		this.publisher = publisher;
		this.clock = clock;
	}

	/**
	 * Appends an event.
	 * @param type the event type ({@code message.created}, ...)
	 * @param workspaceId the workspace whose members see it
	 * @param conversationId the conversation it concerns, or {@code null}
	 * @param channelId the channel it concerns, or {@code null}
	 * @param payload the payload, serialised as JSON in the API's shape
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void append(String type, UUID workspaceId, UUID conversationId, UUID channelId, Object payload) {
		appendAll(List.of(new Event(type, workspaceId, conversationId, channelId, payload)));
	}

	/**
	 * Appends events in the order given, in one statement whatever their number.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void appendAll(List<Event> events) {
		if (events.isEmpty()) {
			return;
		}
		int size = events.size();
		String[] types = new String[size];
		String[] workspaces = new String[size];
		String[] conversations = new String[size];
		String[] channels = new String[size];
		String[] payloads = new String[size];
		for (int i = 0; i < size; i++) {
			Event event = events.get(i);
			types[i] = event.type();
			workspaces[i] = (event.workspaceId() != null) ? event.workspaceId().toString() : null;
			conversations[i] = (event.conversationId() != null) ? event.conversationId().toString() : null;
			channels[i] = (event.channelId() != null) ? event.channelId().toString() : null;
			payloads[i] = this.json.writeValueAsString(event.payload());
		}
		// identities are drawn in the order the rows are inserted: the order given
		this.jdbc.sql("""
				insert into events (type, workspace_id, conversation_id, channel_id, payload, created_at)
				select e.type, e.workspace_id, e.conversation_id, e.channel_id, cast(e.payload as jsonb), :now
				from unnest(cast(:types as text[]), cast(:workspaces as uuid[]), cast(:conversations as uuid[]),
				    cast(:channels as uuid[]), cast(:payloads as text[]))
				    with ordinality as e(type, workspace_id, conversation_id, channel_id, payload, position)
				order by e.position""")
			.param("types", types)
			.param("workspaces", workspaces)
			.param("conversations", conversations)
			.param("channels", channels)
			.param("payloads", payloads)
			.param("now", Timestamp.from(this.clock.instant()))
			.update();
		wakeReadersAfterCommit();
	}

	private void wakeReadersAfterCommit() {
		if (TransactionSynchronizationManager.isSynchronizationActive()
				&& !TransactionSynchronizationManager.hasResource(EventLog.class)) {
			TransactionSynchronizationManager.bindResource(EventLog.class, Boolean.TRUE);
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCompletion(int status) {
					TransactionSynchronizationManager.unbindResourceIfPossible(EventLog.class);
					if (status == STATUS_COMMITTED) {
						EventLog.this.publisher.publishEvent(new EventsCommitted());
					}
				}
			});
		}
	}

	/**
	 * An event to append.
	 *
	 * @param type the event type ({@code message.created}, ...)
	 * @param workspaceId the workspace whose members see it
	 * @param conversationId the conversation it concerns, or {@code null}
	 * @param channelId the channel it concerns, or {@code null}
	 * @param payload the payload, serialised as JSON in the API's shape
	 */
	public record Event(String type, UUID workspaceId, UUID conversationId, UUID channelId, Object payload) {

	}

	/**
	 * Published in this instance after a transaction that appended events commits.
	 */
	public record EventsCommitted() {

	}

	/**
	 * Published in this instance when its event relay has read the log up to a position,
	 * whoever appended the events (this instance or another one): everything up to it has
	 * its position and can be read in order.
	 *
	 * @param lastPosition the position of the last event read
	 */
	public record EventsPositioned(long lastPosition) {

	}

}

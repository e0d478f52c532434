package dev.switchboard.realtime;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import tools.jackson.databind.json.JsonMapper;

import dev.switchboard.common.ExpiringCache;
import dev.switchboard.common.security.Member;
import dev.switchboard.common.security.MemberDirectory;

import org.springframework.messaging.Message;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.messaging.simp.user.SimpUser;
import org.springframework.messaging.simp.user.SimpUserRegistry;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.stereotype.Component;
import org.springframework.util.MimeTypeUtils;

/**
 * Sends events to this instance's STOMP clients: each event to the agents connected to
 * its workspace, on what they subscribed as {@code /events}, as {@code {id, type,
 * timestamp, payload}}; events of a conversation only to those who see it (by the
 * member's current role and divisions, and the channel's division); every new message of
 * a conversation to that conversation's visitors on {@code /user/queue/message} as
 * {@code {conversation_id, channel_id, message}}. Payloads are the stored JSON, sent as
 * is.
 */
@Component
class EventBroadcaster {

	static final String AGENT_DESTINATION = "/events";

	/**
	 * Where an agent's {@code /events} subscription is delivered: their connection's
	 * queue.
	 */
	static final String AGENT_QUEUE = "/queue/events";

	static final String VISITOR_QUEUE = "/queue/message";

	/**
	 * How long a channel's division is kept; a change on another instance, or a deleted
	 * division, is seen at the latest after it.
	 */
	static final Duration DIVISION_TTL = Duration.ofSeconds(5);

	private static final int MAX_CHANNELS = 10_000;

	private final SimpMessagingTemplate template;

	private final SimpUserRegistry connections;

	private final MemberDirectory members;

	private final EventStore store;

	private final JsonMapper json;

	private final ExpiringCache<UUID, Optional<UUID>> divisions;

	EventBroadcaster(SimpMessagingTemplate template, SimpUserRegistry connections, MemberDirectory members,
			EventStore store, JsonMapper json, Clock clock) {
		this.template = template;
		this.connections = connections;
		this.members = members;
		this.store = store;
		this.json = json;
		this.divisions = new ExpiringCache<>(DIVISION_TTL, MAX_CHANNELS, clock);
	}

	void broadcast(EventRow event) {
		if ("channel.updated".equals(event.type()) && event.channelId() != null) {
			this.divisions.remove(event.channelId());
		}
		String agentEvent = null;
		for (SimpUser connection : this.connections.getUsers()) {
			if (connection.getPrincipal() instanceof AgentPrincipal agent
					&& agent.member().workspaceId().equals(event.workspaceId()) && sees(agent.member(), event)) {
				agentEvent = (agentEvent != null) ? agentEvent : agentEvent(event, this.json);
				this.template.send("/user/" + agent.getName() + AGENT_QUEUE, message(agentEvent));
			}
		}
		if ("message.created".equals(event.type()) && event.conversationId() != null) {
			String visitorEvent = "{\"conversation_id\":\"" + event.conversationId() + "\",\"channel_id\":"
					+ ((event.channelId() != null) ? "\"" + event.channelId() + "\"" : "null") + ",\"message\":"
					+ event.payload() + "}";
			this.template.send("/user/" + event.conversationId() + VISITOR_QUEUE, message(visitorEvent));
		}
	}

	/**
	 * Whether the connection's member, as they are now, sees the event: nothing once they
	 * are no active member, and of a conversation's events those of the channels their
	 * divisions allow.
	 */
	private boolean sees(Member connected, EventRow event) {
		Optional<Member> member = this.members.find(connected.userId(), connected.workspaceId());
		if (member.isEmpty()) {
			return false;
		}
		if (event.conversationId() == null || event.channelId() == null || member.get().seesEverything()) {
			return true;
		}
		return member.get().sees(division(event.channelId()));
	}

	private UUID division(UUID channelId) {
		return this.divisions.get(channelId, (id) -> Optional.ofNullable(this.store.division(id))).orElse(null);
	}

	/**
	 * An event as agents see it, live and in {@code events.list}.
	 */
	static String agentEvent(EventRow event, JsonMapper json) {
		return "{\"id\":" + event.position() + ",\"type\":" + json.writeValueAsString(event.type()) + ",\"timestamp\":"
				+ json.writeValueAsString(event.createdAt()) + ",\"payload\":" + event.payload() + "}";
	}

	private static Message<byte[]> message(String body) {
		SimpMessageHeaderAccessor headers = SimpMessageHeaderAccessor.create(SimpMessageType.MESSAGE);
		headers.setContentType(MimeTypeUtils.APPLICATION_JSON);
		headers.setLeaveMutable(true);
		return MessageBuilder.createMessage(body.getBytes(StandardCharsets.UTF_8), headers.getMessageHeaders());
	}

}

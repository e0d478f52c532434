package dev.switchboard.realtime;

import java.nio.charset.StandardCharsets;

import tools.jackson.databind.json.JsonMapper;

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
 * timestamp, payload}}; every new message of a conversation to that conversation's
 * visitors on {@code /user/queue/message} as {@code {conversation_id, channel_id,
 * message}}. Payloads are the stored JSON, sent as is.
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

	private final SimpMessagingTemplate template;

	private final SimpUserRegistry connections;

	private final JsonMapper json;

	EventBroadcaster(SimpMessagingTemplate template, SimpUserRegistry connections, JsonMapper json) {
		this.template = template;
		this.connections = connections;
		this.json = json;
	}

	void broadcast(EventRow event) {
		String agentEvent = null;
		for (SimpUser connection : this.connections.getUsers()) {
			if (connection.getPrincipal() instanceof AgentPrincipal agent
					&& agent.member().workspaceId().equals(event.workspaceId())) {
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

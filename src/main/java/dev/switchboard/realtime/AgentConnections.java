package dev.switchboard.realtime;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import dev.switchboard.workspace.WorkspaceService.MembershipChanged;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.core.AuthenticationException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.web.socket.messaging.SessionDisconnectEvent;

/**
 * The agents' open STOMP connections on this instance, each with the token it connected
 * with. A connection lives as long as its token would still be accepted on a request for
 * the same member with the same role (divisions apply to open connections as they
 * change): when a user's memberships change (deactivated, removed, another role, a
 * password reset) their connections are checked again at once, and every connection every
 * {@link #RECHECK_SECONDS} seconds (which covers changes made through another instance,
 * and expired tokens). A connection that fails the check gets an {@code ERROR} frame and
 * is closed; the client may reconnect with what its token now allows.
 */
@Component
class AgentConnections {

	static final long RECHECK_SECONDS = 30;

	private static final Logger log = LoggerFactory.getLogger(AgentConnections.class);

	private final Map<String, Connection> sessions = new ConcurrentHashMap<>();

	private final AgentStompEndpoint endpoint;

	private final MessageChannel clientOutbound;

	AgentConnections(AgentStompEndpoint endpoint, @Qualifier("clientOutboundChannel") MessageChannel clientOutbound,
			MeterRegistry registry) {
		this.endpoint = endpoint;
		this.clientOutbound = clientOutbound;
		Gauge.builder("switchboard.realtime.sessions", this.sessions, Map::size)
			.description("Agents' STOMP sessions open on this instance")
			.register(registry);
	}

	/**
	 * Records a connection that has just authenticated.
	 */
	void connected(String sessionId, AgentPrincipal agent, String token) {
		this.sessions.put(sessionId, new Connection(agent, token));
	}

	@EventListener
	void disconnected(SessionDisconnectEvent event) {
		this.sessions.remove(event.getSessionId());
	}

	/**
	 * Runs after the member cache has dropped the user (it listens first), so the check
	 * sees the committed membership.
	 */
	@TransactionalEventListener(fallbackExecution = true)
	@Order(Ordered.LOWEST_PRECEDENCE)
	void membershipChanged(MembershipChanged changed) {
		recheck(changed.userId());
	}

	@Scheduled(fixedDelay = RECHECK_SECONDS, initialDelay = RECHECK_SECONDS, timeUnit = TimeUnit.SECONDS)
	void recheckAll() {
		recheck(null);
	}

	private void recheck(UUID userId) {
		this.sessions.forEach((sessionId, connection) -> {
			if (userId == null || connection.agent().member().userId().equals(userId)) {
				String refusal = refusal(connection);
				if (refusal != null) {
					close(sessionId, refusal);
				}
			}
		});
	}

	/**
	 * Why the connection may not stay open, or {@code null} when it may. A failure to
	 * check (the database is away) keeps it until the next check, rather than dropping
	 * every client at once.
	 */
	private String refusal(Connection connection) {
		try {
			// divisions apply to the open connection as they change (the broadcaster
			// reads
			// the member's current ones); another role means connecting again
			if (this.endpoint.authenticate(connection.token()) instanceof AgentPrincipal now
					&& now.member().role() == connection.agent().member().role()) {
				return null;
			}
			return "Your role in this workspace changed: connect again.";
		}
		catch (AuthenticationException ex) {
			return ex.getMessage();
		}
		catch (RuntimeException ex) {
			log.warn("Could not check an agent connection's token again; keeping it until the next check", ex);
			return null;
		}
	}

	private void close(String sessionId, String reason) {
		this.sessions.remove(sessionId);
		StompHeaderAccessor error = StompHeaderAccessor.create(StompCommand.ERROR);
		error.setSessionId(sessionId);
		error.setMessage(reason);
		// the protocol handler sends an ERROR frame and then closes the WebSocket
		this.clientOutbound.send(MessageBuilder.createMessage(new byte[0], error.getMessageHeaders()));
	}

	private record Connection(AgentPrincipal agent, String token) {
	}

}

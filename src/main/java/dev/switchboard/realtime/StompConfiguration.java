package dev.switchboard.realtime;

import java.security.Principal;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.switchboard.common.security.PublicPaths;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.config.ChannelRegistration;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketTransportRegistration;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * STOMP over plain WebSocket. The handshake is open (browsers cannot send headers with
 * it); the token travels in the {@code CONNECT} frame's {@code Authorization} header and
 * is checked by the endpoint the session came through. A missing or bad token gets an
 * {@code ERROR} frame. Agents may subscribe to {@code /events}; everyone to their own
 * user queue; clients send nothing else. An agent's connection is closed when its token
 * stops being accepted ({@link AgentConnections}).
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocketMessageBroker
@EnableConfigurationProperties(RealtimeProperties.class)
class StompConfiguration implements WebSocketMessageBrokerConfigurer {

	private static final String ENDPOINT = "switchboard.endpoint";

	private final ObjectProvider<StompEndpoint> endpointBeans;

	private final RealtimeProperties properties;

	private final ObjectProvider<AgentConnections> agentConnections;

	private volatile Map<String, StompEndpoint> endpoints;

	/**
	 * Endpoints are resolved late: they need the user look-up, which needs JPA, which
	 * must not wait for the broker configuration.
	 */
	StompConfiguration(ObjectProvider<StompEndpoint> endpoints, RealtimeProperties properties,
			ObjectProvider<AgentConnections> agentConnections) {
		this.endpointBeans = endpoints;
		this.properties = properties;
		this.agentConnections = agentConnections;
	}

	private Map<String, StompEndpoint> endpoints() {
		if (this.endpoints == null) {
			this.endpoints = this.endpointBeans.orderedStream()
				.collect(Collectors.toMap(StompEndpoint::path, Function.identity()));
		}
		return this.endpoints;
	}

	@Override
	public void registerStompEndpoints(StompEndpointRegistry registry) {
		for (StompEndpoint endpoint : endpoints().values()) {
			registry.addEndpoint(endpoint.path())
				.setAllowedOriginPatterns(endpoint.allowedOriginPatterns().toArray(String[]::new))
				.addInterceptors(new EndpointMarker(endpoint.path()));
		}
	}

	@Override
	public void configureMessageBroker(MessageBrokerRegistry registry) {
		long heartbeat = this.properties.heartbeat().toMillis();
		registry.enableSimpleBroker(EventBroadcaster.AGENT_DESTINATION, "/queue")
			.setHeartbeatValue(new long[] { heartbeat, heartbeat })
			.setTaskScheduler(heartbeatScheduler());
		// one client's frames leave in the order the relay sent them (event id order)
		registry.setPreservePublishOrder(true);
		registry.setApplicationDestinationPrefixes("/app");
		registry.setUserDestinationPrefix("/user");
	}

	@Override
	public void configureWebSocketTransport(WebSocketTransportRegistration registration) {
		registration.setMessageSizeLimit(16 * 1024).setSendBufferSizeLimit(1024 * 1024).setSendTimeLimit(10_000);
	}

	@Override
	public void configureClientInboundChannel(ChannelRegistration registration) {
		registration.interceptors(new FrameGuard());
	}

	@Bean
	ThreadPoolTaskScheduler heartbeatScheduler() {
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.setPoolSize(1);
		scheduler.setThreadNamePrefix("stomp-heartbeat-");
		scheduler.initialize();
		return scheduler;
	}

	@Bean
	PublicPaths webSocketHandshakes() {
		return PublicPaths.of("/ws.communication", "/ws.communication/**");
	}

	/**
	 * Authenticates {@code CONNECT}, restricts {@code SUBSCRIBE}, refuses everything else
	 * a client might send.
	 */
	private final class FrameGuard implements ChannelInterceptor {

		@Override
		public Message<?> preSend(Message<?> message, MessageChannel channel) {
			StompHeaderAccessor stomp = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
			if (stomp == null || stomp.getCommand() == null) {
				return message;
			}
			StompEndpoint endpoint = endpoint(stomp);
			switch (stomp.getCommand()) {
				case CONNECT, STOMP -> stomp.setUser(authenticate(endpoint, stomp));
				case SUBSCRIBE -> checkSubscription(endpoint, stomp);
				case SEND -> throw new AccessDeniedException("Clients do not send messages here");
				default -> {
				}
			}
			return message;
		}

		private StompEndpoint endpoint(StompHeaderAccessor stomp) {
			Map<String, Object> attributes = stomp.getSessionAttributes();
			Object path = (attributes != null) ? attributes.get(ENDPOINT) : null;
			StompEndpoint endpoint = (path != null) ? StompConfiguration.this.endpoints().get(path) : null;
			if (endpoint == null) {
				throw new AccessDeniedException("Unknown endpoint");
			}
			return endpoint;
		}

		private Principal authenticate(StompEndpoint endpoint, StompHeaderAccessor stomp) {
			String header = stomp.getFirstNativeHeader("Authorization");
			if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
				throw new BadCredentialsException("A bearer token is required in the CONNECT frame");
			}
			String token = header.substring(7).trim();
			Principal user = endpoint.authenticate(token);
			if (user instanceof AgentPrincipal agent) {
				StompConfiguration.this.agentConnections.getObject().connected(stomp.getSessionId(), agent, token);
			}
			return user;
		}

		private void checkSubscription(StompEndpoint endpoint, StompHeaderAccessor stomp) {
			String destination = stomp.getDestination();
			if (stomp.getUser() == null || destination == null) {
				throw new AccessDeniedException("Not connected");
			}
			boolean events = endpoint.receivesAllEvents() && destination.equals(EventBroadcaster.AGENT_DESTINATION);
			if (!events && !destination.startsWith("/user/queue/")) {
				throw new AccessDeniedException("Not allowed to subscribe to " + destination);
			}
			if (events) {
				// each connection gets the events its member may see, on its own queue
				stomp.setDestination("/user" + EventBroadcaster.AGENT_QUEUE);
			}
			if (stomp.getCommand() == StompCommand.SUBSCRIBE && destination.contains("..")) {
				throw new AccessDeniedException("Bad destination");
			}
		}

	}

	/**
	 * Remembers which endpoint a WebSocket session came through.
	 */
	private record EndpointMarker(String path) implements HandshakeInterceptor {

		@Override
		public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
				Map<String, Object> attributes) {
			attributes.put(ENDPOINT, this.path);
			return true;
		}

		@Override
		public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
				Exception exception) {
		}

	}

}

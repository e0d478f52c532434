package dev.switchboard;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import tools.jackson.databind.JsonNode;

import org.springframework.messaging.converter.JacksonJsonMessageConverter;
import org.springframework.messaging.simp.stomp.StompFrameHandler;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.messaging.simp.stomp.StompSessionHandlerAdapter;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.messaging.WebSocketStompClient;

import static org.awaitility.Awaitility.await;

/**
 * A real STOMP client over WebSocket for tests: connects with a bearer token, subscribes,
 * and collects the JSON bodies it receives.
 */
public final class StompTestClient implements AutoCloseable {

	private final StompSession session;

	private final List<JsonNode> received = new CopyOnWriteArrayList<>();

	private final WebSocketStompClient client;

	private final ThreadPoolTaskScheduler scheduler;

	private final AtomicReference<StompHeaders> connectedHeaders;

	private StompTestClient(WebSocketStompClient client, ThreadPoolTaskScheduler scheduler, StompSession session,
			AtomicReference<StompHeaders> connectedHeaders) {
		this.client = client;
		this.connectedHeaders = connectedHeaders;
		this.scheduler = scheduler;
		this.session = session;
	}

	/**
	 * Connects to {@code ws://localhost:port/path} with the token in the CONNECT frame.
	 * @throws Exception when the server refuses the connection
	 */
	public static StompTestClient connect(int port, String path, String token) throws Exception {
		return connect(port, path, token, new long[] { 10_000, 10_000 });
	}

	/**
	 * Connects as {@link #connect(int, String, String)} does, asking for the given
	 * heart-beat (outgoing, incoming) in the CONNECT frame.
	 * @throws Exception when the server refuses the connection
	 */
	public static StompTestClient connect(int port, String path, String token, long[] heartbeat) throws Exception {
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.initialize();
		WebSocketStompClient client = new WebSocketStompClient(new StandardWebSocketClient());
		client.setMessageConverter(new JacksonJsonMessageConverter());
		client.setTaskScheduler(scheduler);
		client.setDefaultHeartbeat(heartbeat);
		StompHeaders headers = new StompHeaders();
		if (token != null) {
			headers.add("Authorization", "Bearer " + token);
		}
		try {
			AtomicReference<StompHeaders> connected = new AtomicReference<>();
			StompSession session = client.connectAsync("ws://localhost:" + port + path, new WebSocketHttpHeaders(),
					headers, new StompSessionHandlerAdapter() {
						@Override
						public void afterConnected(StompSession session, StompHeaders connectedHeaders) {
							connected.set(connectedHeaders);
						}
					})
				.get(10, TimeUnit.SECONDS);
			return new StompTestClient(client, scheduler, session, connected);
		}
		catch (Exception ex) {
			client.stop();
			scheduler.shutdown();
			throw ex;
		}
	}

	public StompTestClient subscribe(String destination) {
		this.session.subscribe(destination, new StompFrameHandler() {
			@Override
			public Type getPayloadType(StompHeaders headers) {
				return JsonNode.class;
			}

			@Override
			public void handleFrame(StompHeaders headers, Object payload) {
				StompTestClient.this.received.add((JsonNode) payload);
			}
		});
		// a SUBSCRIBE is not acknowledged; give the server a moment to register it
		try {
			Thread.sleep(200);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return this;
	}

	/**
	 * The headers of the server's CONNECTED frame (the session handler hears of them just
	 * after the connection completes).
	 */
	public StompHeaders connectedHeaders() {
		return await().atMost(Duration.ofSeconds(10)).until(this.connectedHeaders::get, (headers) -> headers != null);
	}

	public List<JsonNode> received() {
		return this.received;
	}

	/**
	 * Waits until an event of that type arrives and returns it.
	 */
	public JsonNode awaitEvent(String type) {
		return await().atMost(Duration.ofSeconds(10))
			.until(() -> this.received.stream()
				.filter((event) -> type.equals(event.path("type").asString()))
				.findFirst()
				.orElse(null), (event) -> event != null);
	}

	public boolean isConnected() {
		return this.session.isConnected();
	}

	@Override
	public void close() {
		if (this.session.isConnected()) {
			this.session.disconnect();
		}
		this.client.stop();
		this.scheduler.shutdown();
	}

}

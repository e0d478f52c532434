package dev.switchboard.realtime;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import dev.switchboard.IntegrationTests;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The STOMP exchange as a browser sees it, frame by frame over a plain WebSocket.
 */
class StompProtocolTests extends IntegrationTests {

	@LocalServerPort
	private int port;

	@Test
	void aConnectWithABadTokenGetsAnErrorFrameAndTheConnectionCloses() throws Exception {
		Frames frames = new Frames();
		WebSocket socket = HttpClient.newHttpClient()
			.newWebSocketBuilder()
			.buildAsync(URI.create("ws://localhost:" + this.port + "/ws.communication"), frames)
			.get(10, TimeUnit.SECONDS);

		socket.sendText("CONNECT\naccept-version:1.2\nhost:localhost\nAuthorization:Bearer forged\n\n\u0000", true);

		assertThat(frames.first.get(10, TimeUnit.SECONDS)).startsWith("ERROR");
		assertThat(frames.closed.get(10, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void aConnectWithAUserTokenIsAcceptedWithHeartBeats() throws Exception {
		String admin = this.api.admin();
		Frames frames = new Frames();
		WebSocket socket = HttpClient.newHttpClient()
			.newWebSocketBuilder()
			.buildAsync(URI.create("ws://localhost:" + this.port + "/ws.communication"), frames)
			.get(10, TimeUnit.SECONDS);

		socket.sendText("CONNECT\naccept-version:1.2\nhost:localhost\nheart-beat:10000,10000\nAuthorization:Bearer "
				+ admin + "\n\n\u0000", true);

		String connected = frames.first.get(10, TimeUnit.SECONDS);
		assertThat(connected).startsWith("CONNECTED").contains("heart-beat:10000,10000");
		socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
	}

	private static final class Frames implements WebSocket.Listener {

		final CompletableFuture<String> first = new CompletableFuture<>();

		final CompletableFuture<Boolean> closed = new CompletableFuture<>();

		private final StringBuilder text = new StringBuilder();

		@Override
		public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
			this.text.append(data);
			if (last) {
				this.first.complete(this.text.toString());
			}
			socket.request(1);
			return null;
		}

		@Override
		public CompletionStage<?> onClose(WebSocket socket, int status, String reason) {
			this.closed.complete(true);
			return null;
		}

		@Override
		public void onError(WebSocket socket, Throwable error) {
			this.closed.complete(true);
		}

	}

}

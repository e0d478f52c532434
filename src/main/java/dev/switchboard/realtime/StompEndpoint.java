package dev.switchboard.realtime;

import java.security.Principal;
import java.util.List;

import org.springframework.security.core.AuthenticationException;

/**
 * A STOMP endpoint and how it authenticates the token of a {@code CONNECT} frame. The
 * agents' endpoint is built in; sources add their own (the chat plugin's visitors).
 */
public interface StompEndpoint {

	/**
	 * The WebSocket path ({@code /ws.chatplugin}).
	 */
	String path();

	/**
	 * Browser origins allowed to open it.
	 */
	List<String> allowedOriginPatterns();

	/**
	 * The principal of a bearer token; its name is the user destination it receives on.
	 * @throws AuthenticationException when the token is not valid here
	 */
	Principal authenticate(String token);

	/**
	 * Whether its clients may subscribe to {@code /events} (everything); otherwise only
	 * to their own user queue.
	 */
	boolean receivesAllEvents();

}

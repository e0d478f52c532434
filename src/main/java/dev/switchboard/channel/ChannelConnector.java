package dev.switchboard.channel;

import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import dev.switchboard.common.error.BadRequestException;

/**
 * How a source connects its channels: each source package provides one as a bean; its
 * {@code channels.<source>.connect/disconnect} endpoints and the generic
 * {@code channels.connect} use it, with no controller of the source's own.
 *
 * @param <R> the connect request of the source
 */
public interface ChannelConnector<R> {

	/**
	 * The source name, as in {@code channels.<source>.connect}.
	 */
	String source();

	/**
	 * The type the connect request binds to (validated with Bean Validation).
	 */
	Class<R> requestType();

	/**
	 * Checks the request against the platform (a token, say) and says what to store.
	 * @throws BadRequestException when the platform rejects the request
	 */
	ChannelRegistration register(R request);

	/**
	 * The path of this source's inbound webhook ({@code /facebook}), or {@code null}.
	 */
	default String webhookPath() {
		return null;
	}

	/**
	 * Whether the source's account ids are the platform's, and so belong to one workspace
	 * only (a page, a phone number); the chat plugin's are names, unique only within
	 * their workspace.
	 */
	default boolean accountsAreGlobal() {
		return true;
	}

	/**
	 * The key an account of this source gets when none is given: the last segment of its
	 * webhook URL, unique per source across workspaces. {@code null} for sources whose
	 * account ids are not global (the channel id is used).
	 */
	default String accountKey(String sourceChannelId) {
		return accountsAreGlobal() ? source() + "-" + sourceChannelId : null;
	}

	/**
	 * The connect request for an account the integrations API creates (seed 002) from its
	 * {@code config}: by default the config's fields themselves, with the display name as
	 * {@code name}.
	 * @param config the account's config as the request gives it
	 * @param displayName its display name, or {@code null}
	 */
	default JsonNode accountRequest(ObjectNode config, String displayName) {
		ObjectNode request = config.deepCopy();
		if (displayName != null && !request.hasNonNull("name")) {
			request.put("name", displayName);
		}
		return request;
	}

	/**
	 * Whether the source lists accounts ({@link #explore}), and so has a
	 * {@code channels.<source>.explore} endpoint.
	 */
	default boolean explores() {
		return false;
	}

	/**
	 * Lists the accounts a platform token can connect (Facebook pages, say).
	 */
	default List<ExploredAccount> explore(String token) {
		throw new BadRequestException("The source '" + source() + "' has nothing to explore.");
	}

	/**
	 * What to ask the platform to tell whether a connected channel works; each check runs
	 * with its own timeout. Sources without a meaningful check have none: then only the
	 * channel's own state is reported.
	 */
	default List<ConnectorCheck> checks(Installed channel) {
		return List.of();
	}

	/**
	 * A connected channel as its connector's checks need it.
	 *
	 * @param sourceChannelId the platform's id of the account
	 * @param credentials its opened credentials (never shown or logged)
	 * @param settings its settings that are not secret
	 */
	record Installed(String sourceChannelId, Map<String, String> credentials, Map<String, String> settings) {

		@Override
		public String toString() {
			return "Installed[sourceChannelId=" + this.sourceChannelId + "]";
		}

	}

	/**
	 * An account a token gives access to.
	 *
	 * @param name its name
	 * @param pageId its platform id
	 * @param imageUrl its picture
	 * @param connected whether a connected channel already holds it
	 */
	record ExploredAccount(String name, String pageId, String imageUrl, boolean connected) {

	}

}

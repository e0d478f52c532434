package dev.switchboard.source.facebook;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import dev.switchboard.channel.ChannelConnector;
import dev.switchboard.channel.ChannelRegistration;
import dev.switchboard.channel.ConnectorCheck;
import dev.switchboard.channel.ChannelService;
import dev.switchboard.channel.ChannelView;
import dev.switchboard.common.security.CurrentMember;
import dev.switchboard.common.security.PlatformToken;
import dev.switchboard.source.meta.GraphException;
import dev.switchboard.source.meta.MetaApp;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Connects Facebook pages: the token is made long-lived, checked by reading the page
 * (whose name and picture are the defaults) and the app is subscribed to the page's
 * messaging webhooks.
 */
@Component
class FacebookConnector implements ChannelConnector<FacebookConnector.ConnectRequest> {

	private final FacebookGraph graph;

	private final ObjectProvider<ChannelService> channels;

	FacebookConnector(FacebookGraph graph, ObjectProvider<ChannelService> channels) {
		this.graph = graph;
		this.channels = channels;
	}

	@Override
	public String source() {
		return FacebookGraph.FACEBOOK;
	}

	@Override
	public Class<ConnectRequest> requestType() {
		return ConnectRequest.class;
	}

	@Override
	public ChannelRegistration register(ConnectRequest request) {
		ConnectedPage page = connectPage(this.graph, FacebookGraph.FACEBOOK, request.pageId(), request.pageToken());
		return new ChannelRegistration(request.pageId(),
				orDefault(request.name(), (page.name() != null) ? page.name() : "Facebook page " + request.pageId()),
				orDefault(request.imageUrl(), page.pictureUrl()), Map.of("page_token", page.token()),
				Map.of("page_id", request.pageId()));
	}

	@Override
	public String webhookPath() {
		return "/facebook";
	}

	@Override
	public List<ConnectorCheck> checks(Installed channel) {
		return pageChecks(this.graph, FacebookGraph.FACEBOOK, channel);
	}

	/**
	 * The page token reads the page; the caller's workspace's app is subscribed to the
	 * page's webhooks.
	 */
	static List<ConnectorCheck> pageChecks(FacebookGraph graph, String source, Installed channel) {
		String pageId = channel.settings().get("page_id");
		String token = channel.credentials().get("page_token");
		MetaApp app = graph.app(source);
		return List.of(new ConnectorCheck("token_valid", true, () -> {
			ask(() -> graph.page(app, pageId, token));
			return "The page token reads the page.";
		}), new ConnectorCheck("webhook_subscribed", false, () -> {
			if (!ask(() -> graph.subscribed(app, pageId, token))) {
				throw new ConnectorCheck.Failed("The app is not subscribed to the page's webhooks; reconnect.");
			}
			return "The app is subscribed to the page's webhooks.";
		}));
	}

	private static <T> T ask(Supplier<T> call) {
		try {
			return call.get();
		}
		catch (GraphException ex) {
			throw new ConnectorCheck.Failed(ex.toConnectError("Facebook").getMessage());
		}
	}

	@Override
	public String accountKey(String sourceChannelId) {
		return "fb-" + sourceChannelId;
	}

	@Override
	public boolean explores() {
		return true;
	}

	@Override
	public List<ExploredAccount> explore(String token) {
		List<FacebookGraph.Page> pages;
		try {
			pages = this.graph.pages(this.graph.app(FacebookGraph.FACEBOOK), token);
		}
		catch (GraphException ex) {
			throw ex.toConnectError("Facebook");
		}
		ChannelService channels = this.channels.getObject();
		UUID workspaceId = CurrentMember.workspaceId();
		// connected in the caller's workspace; one held by another workspace is not shown
		// as such
		return pages.stream()
			.map((page) -> new ExploredAccount(page.name(), page.id(), page.pictureUrl(),
					channels.findBySourceChannelId(FacebookGraph.FACEBOOK, page.id())
						.filter((channel) -> channel.workspaceId().equals(workspaceId))
						.map(ChannelView::connected)
						.orElse(false)))
			.toList();
	}

	/**
	 * Exchanges the token, reads the page and subscribes the app to it, with the caller's
	 * workspace's app for the source.
	 */
	static ConnectedPage connectPage(FacebookGraph graph, String source, String pageId, String token) {
		MetaApp app = graph.app(source);
		try {
			String longLived = graph.longLived(app, token);
			FacebookGraph.Page page = graph.page(app, pageId, longLived);
			graph.subscribe(app, pageId, longLived);
			return new ConnectedPage(longLived, page.name(), page.pictureUrl());
		}
		catch (GraphException ex) {
			throw ex.toConnectError("Facebook");
		}
	}

	static String orDefault(String given, String platform) {
		return (given != null && !given.isBlank()) ? given.trim() : platform;
	}

	/**
	 * A page connected on Facebook's side.
	 *
	 * @param token the (long-lived) page token
	 * @param name the page name
	 * @param pictureUrl the page picture
	 */
	record ConnectedPage(String token, String name, String pictureUrl) {
	}

	record ConnectRequest(@NotBlank @Pattern(regexp = "\\d{1,32}", message = "must be a numeric page id") String pageId,
			@PlatformToken String pageToken, @Size(max = 200) String name,
			@Size(max = 2048) @Pattern(regexp = "https?://\\S+", message = "must be an http(s) URL") String imageUrl) {

		@Override
		public String toString() {
			return "ConnectRequest[pageId=" + this.pageId + "]";
		}

	}

}

package dev.switchboard.source.facebook;

import java.util.List;
import java.util.Map;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import dev.switchboard.channel.ChannelConnector;
import dev.switchboard.channel.ChannelRegistration;
import dev.switchboard.channel.ConnectorCheck;
import dev.switchboard.common.security.PlatformToken;

import org.springframework.stereotype.Component;

/**
 * Connects Instagram professional accounts through their Facebook page: the same Graph
 * calls as a page; the account id is the channel's platform id.
 */
@Component
class InstagramConnector implements ChannelConnector<InstagramConnector.ConnectRequest> {

	private final FacebookGraph graph;

	InstagramConnector(FacebookGraph graph) {
		this.graph = graph;
	}

	@Override
	public String source() {
		return FacebookGraph.INSTAGRAM;
	}

	@Override
	public Class<ConnectRequest> requestType() {
		return ConnectRequest.class;
	}

	@Override
	public ChannelRegistration register(ConnectRequest request) {
		FacebookConnector.ConnectedPage page = FacebookConnector.connectPage(this.graph, FacebookGraph.INSTAGRAM,
				request.pageId(), request.pageToken());
		String name = FacebookConnector.orDefault(request.name(), (page.name() != null)
				? page.name() + " Instagram account" : "Instagram account " + request.accountId());
		return new ChannelRegistration(request.accountId(), name,
				FacebookConnector.orDefault(request.imageUrl(), page.pictureUrl()), Map.of("page_token", page.token()),
				Map.of("page_id", request.pageId(), "account_id", request.accountId()));
	}

	@Override
	public List<ConnectorCheck> checks(Installed channel) {
		return FacebookConnector.pageChecks(this.graph, FacebookGraph.INSTAGRAM, channel);
	}

	@Override
	public String webhookPath() {
		return "/instagram";
	}

	@Override
	public String accountKey(String sourceChannelId) {
		return "ig-" + sourceChannelId;
	}

	record ConnectRequest(@NotBlank @Pattern(regexp = "\\d{1,32}", message = "must be a numeric page id") String pageId,
			@NotBlank @Pattern(regexp = "\\d{1,32}", message = "must be a numeric account id") String accountId,
			@PlatformToken String pageToken, @Size(max = 200) String name,
			@Size(max = 2048) @Pattern(regexp = "https?://\\S+", message = "must be an http(s) URL") String imageUrl) {

		@Override
		public String toString() {
			return "ConnectRequest[pageId=" + this.pageId + ", accountId=" + this.accountId + "]";
		}

	}

}

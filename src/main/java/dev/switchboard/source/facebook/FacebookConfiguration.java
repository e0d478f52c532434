package dev.switchboard.source.facebook;

import java.util.function.Function;

import tools.jackson.databind.json.JsonMapper;

import dev.switchboard.channel.ChannelService;
import dev.switchboard.channel.ChannelView;
import dev.switchboard.common.security.PublicPaths;
import dev.switchboard.common.web.BodyLimit;
import dev.switchboard.source.meta.MetaApps;
import dev.switchboard.source.meta.MetaWebhooks;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Messenger and Instagram share a client, a webhook handler and a sender; each source
 * gets its own instance of the latter two.
 */
@Configuration(proxyBeanMethods = false)
class FacebookConfiguration {

	@Bean
	PublicPaths facebookWebhookPaths() {
		return PublicPaths.of("/facebook", "/instagram", "/facebook/*", "/instagram/*");
	}

	/**
	 * Meta batches deliveries; a batch can exceed the API's 1 MiB and must not be
	 * refused.
	 */
	@Bean
	BodyLimit facebookWebhookBodyLimit() {
		return BodyLimit.of(MetaWebhooks.MAX_BODY, "/facebook", "/instagram", "/facebook/*", "/instagram/*");
	}

	@Bean
	MessengerWebhookHandler facebookWebhookHandler(ChannelService channels, MetaApps apps) {
		return new MessengerWebhookHandler(FacebookGraph.FACEBOOK, appIds(FacebookGraph.FACEBOOK, channels, apps));
	}

	@Bean
	MessengerWebhookHandler instagramWebhookHandler(ChannelService channels, MetaApps apps) {
		return new MessengerWebhookHandler(FacebookGraph.INSTAGRAM, appIds(FacebookGraph.INSTAGRAM, channels, apps));
	}

	/**
	 * Our app's id for an account: that of its workspace's app, as our sends from it
	 * carry; the properties' for an account no workspace holds.
	 */
	private static Function<String, String> appIds(String source, ChannelService channels, MetaApps apps) {
		String type = FacebookGraph.INSTAGRAM.equals(source) ? FacebookGraph.INSTAGRAM : "messenger";
		return (account) -> apps
			.app(channels.findBySourceChannelId(source, account).map(ChannelView::workspaceId).orElse(null), type,
					apps.defaults())
			.appId();
	}

	@Bean
	MessengerSender facebookSender(FacebookGraph graph, ChannelService channels, JsonMapper json) {
		return new MessengerSender(FacebookGraph.FACEBOOK, graph, channels, json);
	}

	@Bean
	MessengerSender instagramSender(FacebookGraph graph, ChannelService channels, JsonMapper json) {
		return new MessengerSender(FacebookGraph.INSTAGRAM, graph, channels, json);
	}

}

package dev.switchboard.source.facebook;

import tools.jackson.databind.json.JsonMapper;

import dev.switchboard.source.meta.FacebookProperties;
import dev.switchboard.channel.ChannelService;
import dev.switchboard.common.security.PublicPaths;
import dev.switchboard.common.web.BodyLimit;
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
	MessengerWebhookHandler facebookWebhookHandler(FacebookProperties properties) {
		return new MessengerWebhookHandler(FacebookGraph.FACEBOOK, properties.appId());
	}

	@Bean
	MessengerWebhookHandler instagramWebhookHandler(FacebookProperties properties) {
		return new MessengerWebhookHandler(FacebookGraph.INSTAGRAM, properties.appId());
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

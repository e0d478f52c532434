package dev.switchboard.source.chatplugin;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Chat plugin settings.
 *
 * @param allowedOrigins browser origins (patterns) allowed to call the visitor API
 * @param maxMessages messages one visitor may send per window
 * @param window the rate limit window
 */
@ConfigurationProperties("switchboard.chatplugin")
record ChatPluginProperties(@DefaultValue("*") List<String> allowedOrigins, @DefaultValue("20") int maxMessages,
		@DefaultValue("10s") Duration window) {

}

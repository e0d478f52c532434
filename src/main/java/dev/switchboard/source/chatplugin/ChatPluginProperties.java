package dev.switchboard.source.chatplugin;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Chat plugin settings.
 *
 * @param allowedOrigins browser origins (patterns) allowed to call the visitor API
 * @param maxMessages messages one visitor may send per window
 * @param window the rate limit window of a visitor's messages
 * @param maxAuthenticationsPerAddress {@code chatplugin.authenticate} calls one client
 * address may make per start window, on each instance
 * @param maxConversationsPerAddress conversations (first messages) one client address may
 * start per start window, on all instances together
 * @param maxConversationsPerChannel conversations that may start on one channel per start
 * window, on all instances together
 * @param startWindow the window of the three start limits
 */
@ConfigurationProperties("switchboard.chatplugin")
@Validated
record ChatPluginProperties(@DefaultValue("*") List<String> allowedOrigins,
		@DefaultValue("20") @Positive int maxMessages, @DefaultValue("10s") Duration window,
		@DefaultValue("60") @Positive int maxAuthenticationsPerAddress,
		@DefaultValue("10") @Positive int maxConversationsPerAddress,
		@DefaultValue("300") @Positive int maxConversationsPerChannel, @DefaultValue("1m") Duration startWindow) {

}

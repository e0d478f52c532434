package dev.switchboard.compat;

import java.util.Map;
import java.util.TreeMap;

import dev.switchboard.channel.ChannelService;
import dev.switchboard.channel.ChannelView;
import dev.switchboard.common.web.Empty;

import org.springframework.stereotype.Service;

/**
 * What Airy's inbox asks {@code client.config} for: which source components are on, which
 * here means which sources the workspace has a connected channel of.
 */
@Service
class ClientConfigService {

	/** Airy's component names by source; both Twilio flavours are one component. */
	private static final Map<String, String> COMPONENTS = Map.of("chatplugin", "sources-chat-plugin", "facebook",
			"sources-facebook", "instagram", "sources-instagram", "google", "sources-google", "twilio.sms",
			"sources-twilio", "twilio.whatsapp", "sources-twilio", "whatsapp", "sources-whatsapp", "email",
			"sources-email");

	private final ChannelService channels;

	ClientConfigService(ChannelService channels) {
		this.channels = channels;
	}

	ClientConfig current() {
		Map<String, Component> components = new TreeMap<>();
		for (ChannelView channel : this.channels.listConnected(null)) {
			String component = COMPONENTS.get(channel.source());
			if (component != null) {
				components.put(component, Component.ENABLED);
			}
		}
		return new ClientConfig(components, Empty.INSTANCE);
	}

	/**
	 * The answer of {@code client.config}.
	 *
	 * @param components the enabled source components by Airy's names
	 * @param features none: Airy's optional features have no switch here
	 */
	record ClientConfig(Map<String, Component> components, Empty features) {
	}

	/**
	 * A component's state.
	 *
	 * @param enabled always {@code true}: only enabled components are listed
	 */
	record Component(boolean enabled) {

		static final Component ENABLED = new Component(true);

	}

}

package dev.switchboard.source.whatsapp;

import java.util.UUID;

import dev.switchboard.channel.ChannelService;
import dev.switchboard.common.error.PayloadTooLargeException;
import dev.switchboard.message.MediaFetcher;
import dev.switchboard.source.meta.BadGatewayException;
import dev.switchboard.source.meta.GraphException;

import org.springframework.stereotype.Component;

/**
 * Downloads the media contacts send on WhatsApp, which arrive as ids, with the channel's
 * token.
 */
@Component
class WhatsAppMediaFetcher implements MediaFetcher {

	private final WhatsAppGraph graph;

	private final ChannelService channels;

	WhatsAppMediaFetcher(WhatsAppGraph graph, ChannelService channels) {
		this.graph = graph;
		this.channels = channels;
	}

	@Override
	public String source() {
		return WhatsAppConnector.SOURCE;
	}

	@Override
	public Fetched fetch(UUID channelId, String mediaId, long maxBytes) {
		String token = WhatsAppConnector.token(this.channels.credentials(channelId));
		if (token == null) {
			throw new BadGatewayException("The channel is disconnected; its media cannot be fetched from WhatsApp.");
		}
		try {
			return new Fetched(this.graph.media(mediaId, token, maxBytes), null);
		}
		catch (GraphException ex) {
			throw new BadGatewayException("WhatsApp did not give the media (" + ex.describe() + ").");
		}
		catch (PayloadTooLargeException ex) {
			throw new BadGatewayException("The media is larger than " + maxBytes + " bytes; it is not kept.");
		}
	}

}

package dev.switchboard.source.facebook;

import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import dev.switchboard.channel.ChannelService;
import dev.switchboard.conversation.ContactProfile;
import dev.switchboard.conversation.ConversationService;
import dev.switchboard.message.InboundMessages;
import dev.switchboard.source.meta.GraphException;

import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Fetches a new contact's name and picture once, after the conversation is committed and
 * off the webhook worker. A failure leaves the default name; it is not tried again on the
 * next message.
 */
@Component
class ContactProfiles {

	private static final Logger log = LoggerFactory.getLogger(ContactProfiles.class);

	private final FacebookGraph graph;

	private final ChannelService channels;

	private final ConversationService conversations;

	ContactProfiles(FacebookGraph graph, ChannelService channels, ConversationService conversations) {
		this.graph = graph;
		this.channels = channels;
		this.conversations = conversations;
	}

	@Async
	@TransactionalEventListener
	void fetch(InboundMessages.NewContact contact) {
		// every source's new contacts are published; only these two have a Graph profile
		if (!FacebookGraph.FACEBOOK.equals(contact.source()) && !FacebookGraph.INSTAGRAM.equals(contact.source())) {
			return;
		}
		Map<String, String> credentials = this.channels.credentials(contact.channelId());
		String token = credentials.get("page_token");
		if (token == null) {
			return;
		}
		JsonNode profile;
		try {
			profile = this.graph.profile(contact.source(), contact.contactId(), token);
		}
		catch (GraphException ex) {
			log.info("Could not fetch the profile of a new {} contact: {}", contact.source(), ex.getMessage());
			return;
		}
		String first = profile.path("first_name").asString(null);
		String last = profile.path("last_name").asString(null);
		// Messenger gives first and last name, Instagram one name
		String name = (first != null || last != null)
				? ((first != null) ? first : "") + " " + ((last != null) ? last : "")
				: profile.path("name").asString(null);
		this.conversations.updateContactProfile(contact.conversationId(),
				new ContactProfile((name != null && !name.isBlank()) ? name.trim() : null, first, last,
						profile.path("profile_pic").asString(null)));
	}

}

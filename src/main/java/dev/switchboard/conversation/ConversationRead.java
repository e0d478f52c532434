package dev.switchboard.conversation;

import java.util.UUID;

/**
 * Published when an agent marks a conversation read, for sources that report reads to the
 * platform (WhatsApp's blue ticks).
 *
 * @param conversationId the conversation
 */
public record ConversationRead(UUID conversationId) {

}

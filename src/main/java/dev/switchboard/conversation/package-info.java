/**
 * Conversations: their contact, state, tags, metadata and unread count, and the filtered,
 * keyset-paginated inbox list.
 */
@ApplicationModule(allowedDependencies = { "common", "workspace", "channel", "tag" })
package dev.switchboard.conversation;

import org.springframework.modulith.ApplicationModule;

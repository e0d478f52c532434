package dev.switchboard.message;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import tools.jackson.databind.json.JsonMapper;

import dev.switchboard.channel.ChannelView;
import dev.switchboard.common.events.EventLog;
import dev.switchboard.common.web.SwitchboardProperties;
import dev.switchboard.conversation.ConversationService;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * What follows every stored or changed message, in the caller's transaction: its event,
 * and the conversation's last message and counters.
 */
@Component
class MessageWrites {

	private final MessageRepository messages;

	private final ConversationService conversations;

	private final EventLog events;

	private final JsonMapper json;

	private final SwitchboardProperties switchboard;

	MessageWrites(MessageRepository messages, ConversationService conversations, EventLog events, JsonMapper json,
			SwitchboardProperties switchboard) {
		this.messages = messages;
		this.conversations = conversations;
		this.events = events;
		this.json = json;
		this.switchboard = switchboard;
	}

	/**
	 * A message was stored: {@code message.created}, then the conversation records it (a
	 * contact's message also publishes the conversation's new state).
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	MessageView created(ChannelView channel, MessageRow row) {
		MessageView message = view(row);
		this.events.append("message.created", row.workspaceId(), row.conversationId(), row.channelId(), message);
		this.conversations.recordMessage(channel, row.conversationId(), row.id(), message, row.sentAt(),
				"source_contact".equals(row.senderType()));
		return message;
	}

	/**
	 * Messages were stored: {@code message.created} for each in order, then each
	 * conversation records its new messages at once; a few statements whatever their
	 * number.
	 * @param rows the messages stored, in order
	 * @param channels the channel of each conversation
	 * @return the messages in their API shape, in order
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	List<MessageView> createdAll(List<MessageRow> rows, Map<UUID, ChannelView> channels) {
		List<MessageView> views = new ArrayList<>(rows.size());
		List<EventLog.Event> created = new ArrayList<>(rows.size());
		Map<UUID, Latest> latest = new LinkedHashMap<>();
		for (MessageRow row : rows) {
			MessageView message = view(row);
			views.add(message);
			created.add(new EventLog.Event("message.created", row.workspaceId(), row.conversationId(), row.channelId(),
					message));
			int unread = "source_contact".equals(row.senderType()) ? 1 : 0;
			latest.merge(row.conversationId(), new Latest(row, message, unread), Latest::then);
		}
		this.events.appendAll(created);
		this.conversations.recordMessages(latest.values()
			.stream()
			.map((one) -> new ConversationService.Recorded(channels.get(one.row().conversationId()),
					one.row().conversationId(), one.unread(), one.row().id(), one.message(), one.row().sentAt()))
			.toList());
		return views;
	}

	/** The latest of a conversation's new messages, and how many the contact sent. */
	private record Latest(MessageRow row, MessageView message, int unread) {

		/**
		 * This and a message stored after it: the later sent wins, the later stored of
		 * equals.
		 */
		Latest then(Latest next) {
			boolean earlier = next.row().sentAt().isBefore(this.row.sentAt());
			return new Latest(earlier ? this.row : next.row(), earlier ? this.message : next.message(),
					this.unread + next.unread());
		}

	}

	/**
	 * A message changed: {@code message.updated} with its new state, which the
	 * conversation also shows when it is its last message.
	 * @return the message as it is now, or empty when there is no such message
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	Optional<MessageView> updated(UUID messageId) {
		return this.messages.find(messageId).map((row) -> {
			MessageView message = view(row);
			this.events.append("message.updated", row.workspaceId(), row.conversationId(), row.channelId(), message);
			this.conversations.messageChanged(row.conversationId(), row.id(), message);
			return message;
		});
	}

	/**
	 * Several messages changed: {@link #updated(UUID)} for each, in the given order, with
	 * one query for the rows.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	void updated(List<UUID> messageIds) {
		Map<UUID, MessageRow> rows = this.messages.findAll(messageIds)
			.stream()
			.collect(Collectors.toMap(MessageRow::id, Function.identity()));
		for (UUID id : messageIds) {
			MessageRow row = rows.get(id);
			if (row != null) {
				MessageView message = view(row);
				this.events.append("message.updated", row.workspaceId(), row.conversationId(), row.channelId(),
						message);
				this.conversations.messageChanged(row.conversationId(), row.id(), message);
			}
		}
	}

	MessageView view(MessageRow row) {
		return MessageViews.of(row, this.json, this.switchboard.publicUrl());
	}

}

package dev.switchboard.conversation;

import dev.switchboard.workspace.MemberDeactivated;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * A member who leaves a workspace (deactivated or removed) is no longer anyone's assignee
 * there: their conversations go back to the unassigned pool, in the same transaction.
 */
@Component
class DeactivatedAssignees {

	private final ConversationService conversations;

	DeactivatedAssignees(ConversationService conversations) {
		this.conversations = conversations;
	}

	@EventListener
	void unassign(MemberDeactivated deactivated) {
		this.conversations.unassignAll(deactivated.workspaceId(), deactivated.userId());
	}

}

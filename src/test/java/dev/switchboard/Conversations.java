package dev.switchboard;

import java.time.Instant;
import java.util.UUID;
import java.util.function.Supplier;

import dev.switchboard.channel.ChannelService;
import dev.switchboard.channel.ChannelView;
import dev.switchboard.message.Inbound;
import dev.switchboard.message.InboundMessages;
import dev.switchboard.message.MessageContent;
import dev.switchboard.message.MessageView;
import dev.switchboard.common.security.Member;
import dev.switchboard.common.security.MemberAuthentication;
import dev.switchboard.common.security.Role;
import dev.switchboard.workspace.WorkspaceService;

import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Makes conversations in tests the way a source does: a contact writes on a channel. A
 * bean of the {@link IntegrationTests} context, which hands it to every subclass.
 */
public final class Conversations {

	private final ChannelService channels;

	private final InboundMessages inbound;

	private final WorkspaceService workspaces;

	public Conversations(ChannelService channels, InboundMessages inbound, WorkspaceService workspaces) {
		this.channels = channels;
		this.inbound = inbound;
		this.workspaces = workspaces;
	}

	/**
	 * A connected channel of the fake source, in the oldest workspace (that of the first
	 * user to sign up).
	 */
	public ChannelView channel(String accountId) {
		UUID workspaceId = this.workspaces.oldest()
			.orElseThrow(() -> new IllegalStateException("Sign up a user first: channels belong to a workspace"));
		return channel(workspaceId, accountId);
	}

	/**
	 * A connected channel of the fake source in a workspace.
	 */
	public ChannelView channel(UUID workspaceId, String accountId) {
		return asAdminOf(workspaceId, () -> this.channels.connect(new FakeSource.Connector(),
				new FakeSource.Connector.Request(accountId, "token")));
	}

	/**
	 * Runs service code as an admin of the workspace would, outside an HTTP request.
	 */
	public static <T> T asAdminOf(UUID workspaceId, Supplier<T> work) {
		SecurityContext previous = SecurityContextHolder.getContext();
		SecurityContext context = SecurityContextHolder.createEmptyContext();
		context.setAuthentication(new MemberAuthentication(new Member(new UUID(0, 0), workspaceId, Role.ADMIN), null));
		SecurityContextHolder.setContext(context);
		try {
			return work.get();
		}
		finally {
			SecurityContextHolder.setContext(previous);
		}
	}

	/**
	 * A contact's message, opening the conversation if needed.
	 */
	public MessageView inbound(ChannelView channel, String contact, String displayName, String text, Instant sentAt) {
		return this.inbound
			.receive(channel, null,
					new Inbound.Message(new Inbound.Account(channel.source(), channel.sourceChannelId()),
							Inbound.Contact.named(contact, displayName), Inbound.Sender.contact(),
							"mid-" + UUID.randomUUID(), new MessageContent.Text(text), null, sentAt))
			.orElseThrow();
	}

}

package dev.switchboard.channel;

import java.util.Map;
import java.util.UUID;

import dev.switchboard.Conversations;
import dev.switchboard.FakeSource;
import dev.switchboard.IntegrationTests;
import dev.switchboard.workspace.WorkspaceService;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A channel's opened credentials come from a cache (senders read them per delivery): a
 * change of the channel is what the next read returns.
 */
class ChannelCredentialsTests extends IntegrationTests {

	@Autowired
	private ChannelService channels;

	@Autowired
	private WorkspaceService workspaces;

	@Test
	void newCredentialsAreReadAtOnceAndADisconnectedChannelHasNone() {
		this.api.admin();
		UUID workspaceId = this.workspaces.oldest().orElseThrow();
		UUID channelId = connect(workspaceId, "one").id();
		assertThat(this.channels.credentials(channelId)).isEqualTo(Map.of("token", "one"));

		assertThat(connect(workspaceId, "two").id()).isEqualTo(channelId);
		assertThat(this.channels.credentials(channelId)).isEqualTo(Map.of("token", "two"));

		Conversations.asAdminOf(workspaceId, () -> this.channels.disconnect(FakeSource.SOURCE, channelId));
		assertThat(this.channels.credentials(channelId)).isEmpty();
	}

	private ChannelView connect(UUID workspaceId, String token) {
		return Conversations.asAdminOf(workspaceId, () -> this.channels.connect(new FakeSource.Connector(),
				new FakeSource.Connector.Request("acme", token)));
	}

}

package dev.switchboard.channel;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface ChannelRepository extends JpaRepository<Channel, UUID> {

	/**
	 * The channel of a platform account whose ids are unique across workspaces (every
	 * source but the chat plugin).
	 */
	Optional<Channel> findFirstBySourceAndSourceChannelId(String source, String sourceChannelId);

	Optional<Channel> findByWorkspaceIdAndSourceAndSourceChannelId(UUID workspaceId, String source,
			String sourceChannelId);

	Optional<Channel> findByWorkspaceIdAndId(UUID workspaceId, UUID id);

	@Query("""
			select c from Channel c
			where c.workspaceId = :workspaceId and c.connected = true and (:source is null or c.source = :source)
			order by c.createdAt, c.id""")
	List<Channel> findConnected(UUID workspaceId, String source);

	List<Channel> findByIdIn(Collection<UUID> ids);

	List<Channel> findByWorkspaceIdOrderByCreatedAtAscIdAsc(UUID workspaceId);

	List<Channel> findBySourceAndConnectedTrue(String source);

	Optional<Channel> findBySourceAndAccountKey(String source, String accountKey);

	@Query("""
			select c from Channel c
			where c.workspaceId = :workspaceId and c.source in :sources
			order by c.createdAt, c.id""")
	List<Channel> findAccounts(UUID workspaceId, Collection<String> sources);

	@Query("select c from Channel c where c.workspaceId = :workspaceId and c.source = :source and c.isDefault = true")
	Optional<Channel> findDefault(UUID workspaceId, String source);

}

package dev.switchboard.channel;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface ChannelRepository extends JpaRepository<Channel, UUID> {

	Optional<Channel> findBySourceAndSourceChannelId(String source, String sourceChannelId);

	@Query("select c from Channel c where c.connected = true and (:source is null or c.source = :source) order by c.createdAt, c.id")
	List<Channel> findConnected(String source);

	List<Channel> findByIdIn(Collection<UUID> ids);

}

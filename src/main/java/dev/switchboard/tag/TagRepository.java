package dev.switchboard.tag;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.Query;
import org.springframework.data.jpa.repository.JpaRepository;

interface TagRepository extends JpaRepository<Tag, UUID> {

	@Query("select t from Tag t where t.workspaceId = :workspaceId order by lower(t.name)")
	List<Tag> findAllByName(UUID workspaceId);

	Optional<Tag> findByWorkspaceIdAndId(UUID workspaceId, UUID id);

	boolean existsByWorkspaceIdAndId(UUID workspaceId, UUID id);

}

package dev.switchboard.tag;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.Query;
import org.springframework.data.jpa.repository.JpaRepository;

interface TagRepository extends JpaRepository<Tag, UUID> {

	@Query("""
			select count(t) > 0 from Tag t
			where t.workspaceId = :workspaceId and lower(t.name) = lower(:name) and t.id <> :exceptId""")
	boolean nameTaken(UUID workspaceId, String name, UUID exceptId);

	@Query("select t from Tag t where t.workspaceId = :workspaceId order by lower(t.name)")
	List<Tag> findAllByName(UUID workspaceId);

	Optional<Tag> findByWorkspaceIdAndId(UUID workspaceId, UUID id);

	boolean existsByWorkspaceIdAndId(UUID workspaceId, UUID id);

}

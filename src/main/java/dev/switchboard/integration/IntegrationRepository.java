package dev.switchboard.integration;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

interface IntegrationRepository extends JpaRepository<Integration, UUID> {

	Optional<Integration> findByWorkspaceIdAndChannel(UUID workspaceId, String channel);

	List<Integration> findByWorkspaceIdOrderByChannel(UUID workspaceId);

}

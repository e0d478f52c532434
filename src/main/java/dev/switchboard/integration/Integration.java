package dev.switchboard.integration;

import java.time.Instant;
import java.util.UUID;

import dev.switchboard.common.AbstractEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/**
 * The app-level settings of one channel type in a workspace. Its config is sealed with
 * the integration's id as associated data.
 */
@Entity
@Table(name = "integrations")
class Integration extends AbstractEntity {

	@Column(name = "workspace_id")
	private UUID workspaceId;

	@Column(name = "channel")
	private String channel;

	@Column(name = "is_active")
	private boolean active;

	@Column(name = "config")
	private byte[] config;

	@Column(name = "division_id")
	private UUID divisionId;

	@Column(name = "created_at")
	private Instant createdAt;

	@Column(name = "updated_at")
	private Instant updatedAt;

	protected Integration() {
	}

	Integration(UUID workspaceId, String channel, Instant now) {
		super(UUID.randomUUID());
		this.workspaceId = workspaceId;
		this.channel = channel;
		this.active = true;
		this.createdAt = now;
		this.updatedAt = now;
	}

	void configure(boolean active, byte[] sealedConfig, UUID divisionId, Instant now) {
		this.active = active;
		this.config = sealedConfig;
		this.divisionId = divisionId;
		this.updatedAt = now;
	}

	UUID getWorkspaceId() {
		return this.workspaceId;
	}

	String getChannel() {
		return this.channel;
	}

	boolean isActive() {
		return this.active;
	}

	byte[] getConfig() {
		return this.config;
	}

	UUID getDivisionId() {
		return this.divisionId;
	}

	Instant getCreatedAt() {
		return this.createdAt;
	}

	Instant getUpdatedAt() {
		return this.updatedAt;
	}

}

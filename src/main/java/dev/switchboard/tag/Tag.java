package dev.switchboard.tag;

import java.time.Instant;
import java.util.UUID;

import dev.switchboard.common.AbstractEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/**
 * A label for conversations. Names are unique whatever their letter case.
 */
@Entity
@Table(name = "tags")
class Tag extends AbstractEntity {

	@Column(name = "workspace_id")
	private UUID workspaceId;

	@Column(name = "name")
	private String name;

	@Column(name = "color")
	private String color;

	@Column(name = "created_at")
	private Instant createdAt;

	protected Tag() {
	}

	Tag(UUID workspaceId, String name, String color, Instant now) {
		super(UUID.randomUUID());
		this.workspaceId = workspaceId;
		this.name = name;
		this.color = color;
		this.createdAt = now;
	}

	void rename(String name) {
		this.name = name;
	}

	void recolor(String color) {
		this.color = color;
	}

	String getName() {
		return this.name;
	}

	String getColor() {
		return this.color;
	}

}

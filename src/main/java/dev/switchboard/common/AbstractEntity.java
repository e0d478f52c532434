package dev.switchboard.common;

import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Transient;

import org.springframework.data.domain.Persistable;

/**
 * An entity whose id is assigned when it is created, so that saving a new one is a plain
 * insert (no select first to tell new from existing).
 */
@MappedSuperclass
public abstract class AbstractEntity implements Persistable<UUID> {

	@Id
	@Column(name = "id")
	private UUID id;

	@Transient
	private boolean isNew = true;

	protected AbstractEntity() {
	}

	protected AbstractEntity(UUID id) {
		this.id = id;
	}

	@Override
	public UUID getId() {
		return this.id;
	}

	@Override
	public boolean isNew() {
		return this.isNew;
	}

	@PostLoad
	@PostPersist
	void markPersisted() {
		this.isNew = false;
	}

	@Override
	public boolean equals(Object other) {
		return this == other
				|| (other != null && getClass() == other.getClass() && this.id.equals(((AbstractEntity) other).id));
	}

	@Override
	public int hashCode() {
		return this.id.hashCode();
	}

}

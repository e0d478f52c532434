package dev.switchboard.user;

import java.time.Instant;
import java.util.UUID;

import dev.switchboard.common.AbstractEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;

/**
 * A person who uses the inbox, a member of one or more workspaces (with a role in each).
 * An invited user has no name or password until the invitation is accepted.
 */
@Entity
@Table(name = "users")
class User extends AbstractEntity {

	enum Status {

		ACTIVE, INVITED

	}

	@Column(name = "email")
	private String email;

	@Column(name = "first_name")
	private String firstName;

	@Column(name = "last_name")
	private String lastName;

	@Column(name = "password_hash")
	private String passwordHash;

	@Enumerated(EnumType.STRING)
	@Column(name = "status")
	private Status status;

	@Column(name = "credentials_changed_at")
	private Instant credentialsChangedAt;

	@Column(name = "created_at")
	private Instant createdAt;

	@Column(name = "updated_at")
	private Instant updatedAt;

	protected User() {
	}

	private User(String email, Status status, Instant now) {
		super(UUID.randomUUID());
		this.email = email;
		this.status = status;
		this.credentialsChangedAt = now;
		this.createdAt = now;
		this.updatedAt = now;
	}

	static User registered(String email, String firstName, String lastName, String passwordHash, Instant now) {
		User user = new User(email, Status.ACTIVE, now);
		user.firstName = firstName;
		user.lastName = lastName;
		user.passwordHash = passwordHash;
		return user;
	}

	static User invited(String email, Instant now) {
		return new User(email, Status.INVITED, now);
	}

	void acceptInvitation(String firstName, String lastName, String passwordHash, Instant now) {
		this.firstName = firstName;
		this.lastName = lastName;
		this.passwordHash = passwordHash;
		this.status = Status.ACTIVE;
		this.updatedAt = now;
	}

	/**
	 * Changes the password and revokes every token issued before.
	 */
	void changePassword(String passwordHash, Instant now) {
		this.passwordHash = passwordHash;
		this.credentialsChangedAt = now;
		this.updatedAt = now;
	}

	boolean isActive() {
		return this.status == Status.ACTIVE;
	}

	String getEmail() {
		return this.email;
	}

	String getFirstName() {
		return this.firstName;
	}

	String getLastName() {
		return this.lastName;
	}

	String getPasswordHash() {
		return this.passwordHash;
	}

	Instant getCredentialsChangedAt() {
		return this.credentialsChangedAt;
	}

	Status getStatus() {
		return this.status;
	}

	Instant getCreatedAt() {
		return this.createdAt;
	}

}

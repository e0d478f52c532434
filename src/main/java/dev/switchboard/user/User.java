package dev.switchboard.user;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import dev.switchboard.common.AbstractEntity;
import dev.switchboard.common.security.Role;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;

/**
 * A person who uses the inbox. An invited user has no name or password until the
 * invitation is accepted.
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
	@Column(name = "role")
	private Role role;

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

	private User(String email, Role role, Status status, Instant now) {
		super(UUID.randomUUID());
		this.email = email;
		this.role = role;
		this.status = status;
		this.credentialsChangedAt = now;
		this.createdAt = now;
		this.updatedAt = now;
	}

	static User registered(String email, String firstName, String lastName, String passwordHash, Role role,
			Instant now) {
		User user = new User(email, role, Status.ACTIVE, now);
		user.firstName = firstName;
		user.lastName = lastName;
		user.passwordHash = passwordHash;
		return user;
	}

	static User invited(String email, Role role, Instant now) {
		return new User(email, role, Status.INVITED, now);
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

	void changeRole(Role role, Instant now) {
		this.role = role;
		this.updatedAt = now;
	}

	void reinvite(Role role, Instant now) {
		this.role = role;
		this.updatedAt = now;
	}

	/**
	 * Whether a token issued at that instant (JWT {@code iat}, whole seconds) is still
	 * honoured.
	 */
	boolean acceptsTokenIssuedAt(Instant issuedAt) {
		return issuedAt != null && !issuedAt.isBefore(this.credentialsChangedAt.truncatedTo(ChronoUnit.SECONDS));
	}

	boolean isActive() {
		return this.status == Status.ACTIVE;
	}

	boolean isAdmin() {
		return isActive() && this.role == Role.ADMIN;
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

	Role getRole() {
		return this.role;
	}

	Status getStatus() {
		return this.status;
	}

	Instant getCreatedAt() {
		return this.createdAt;
	}

}

package dev.switchboard.user;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.switchboard.common.security.Role;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.jpa.repository.JpaRepository;

interface UserRepository extends JpaRepository<User, UUID> {

	@Query("select u from User u where lower(u.email) = lower(:email)")
	Optional<User> findByEmail(String email);

	@Query("select count(u) from User u where u.role = :role and u.status = dev.switchboard.user.User.Status.ACTIVE")
	long countActive(Role role);

	@Query("""
			select u from User u
			where u.createdAt > :createdAt or (u.createdAt = :createdAt and u.id > :id)
			order by u.createdAt, u.id""")
	List<User> findAfter(Instant createdAt, UUID id, Limit limit);

	@Query("""
			select u from User u
			where u.createdAt < :createdAt or (u.createdAt = :createdAt and u.id < :id)
			order by u.createdAt desc, u.id desc""")
	List<User> findBefore(Instant createdAt, UUID id, Limit limit);

	@Query("select u from User u order by u.createdAt, u.id")
	List<User> findFirst(Limit limit);

}

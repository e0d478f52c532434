package dev.switchboard.common.security;

import java.util.UUID;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The member of the request being served. Services scope every query of tenant data to
 * {@link #workspaceId()}; without an authenticated member it fails closed.
 */
public final class CurrentMember {

	private CurrentMember() {
	}

	/**
	 * The member of this request.
	 * @throws IllegalStateException when the request has no authenticated member
	 */
	public static Member get() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication instanceof MemberAuthentication member) {
			return member.member();
		}
		throw new IllegalStateException("No workspace member is authenticated on this thread");
	}

	/**
	 * The workspace of this request.
	 */
	public static UUID workspaceId() {
		return get().workspaceId();
	}

}

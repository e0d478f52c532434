package dev.switchboard.common.security;

import java.util.List;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * An authenticated member; its name is the user id, or the access key's id.
 */
public class MemberAuthentication extends AbstractAuthenticationToken {

	private final Member member;

	private final Jwt token;

	/**
	 * @param member who makes the request
	 * @param token the user's token, {@code null} for an access key, whose secret is not
	 * kept
	 */
	public MemberAuthentication(Member member, Jwt token) {
		super(authorities(member));
		this.member = member;
		this.token = token;
		setAuthenticated(true);
	}

	private static List<GrantedAuthority> authorities(Member member) {
		return (member.role() != null) ? List.of(new SimpleGrantedAuthority(member.role().authority())) : List.of();
	}

	public Member member() {
		return this.member;
	}

	@Override
	public Object getCredentials() {
		return this.token;
	}

	@Override
	public Member getPrincipal() {
		return this.member;
	}

	@Override
	public String getName() {
		return this.member.isAccessKey() ? this.member.accessKey().id().toString() : this.member.userId().toString();
	}

}

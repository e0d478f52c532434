package dev.switchboard.common.security;

import java.util.List;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * An authenticated member; its name is the user id.
 */
public class MemberAuthentication extends AbstractAuthenticationToken {

	private final Member member;

	private final Jwt token;

	public MemberAuthentication(Member member, Jwt token) {
		super(List.of(new SimpleGrantedAuthority(member.role().authority())));
		this.member = member;
		this.token = token;
		setAuthenticated(true);
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
		return this.member.userId().toString();
	}

}

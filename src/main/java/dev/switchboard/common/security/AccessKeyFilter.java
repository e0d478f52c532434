package dev.switchboard.common.security;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.switchboard.common.error.ProblemResponses;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The second way in: {@code Authorization: AccessKey <key>}. A key that is unknown,
 * expired or revoked is a {@code 401} at once; other requests pass untouched to the
 * bearer-token filter.
 */
class AccessKeyFilter extends OncePerRequestFilter {

	static final String SCHEME = "AccessKey ";

	private final AccessKeyAuthenticator keys;

	private final ProblemResponses problems;

	AccessKeyFilter(AccessKeyAuthenticator keys, ProblemResponses problems) {
		this.keys = keys;
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (header == null || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
			chain.doFilter(request, response);
			return;
		}
		try {
			MemberAuthentication authentication = this.keys.authenticate(header.substring(SCHEME.length()).strip());
			SecurityContext context = SecurityContextHolder.createEmptyContext();
			context.setAuthentication(authentication);
			SecurityContextHolder.setContext(context);
		}
		catch (AuthenticationException ex) {
			SecurityContextHolder.clearContext();
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "AccessKey");
			this.problems.write(response, HttpStatus.UNAUTHORIZED, "The access key is invalid, expired or revoked.");
			return;
		}
		try {
			chain.doFilter(request, response);
		}
		finally {
			SecurityContextHolder.clearContext();
		}
	}

}

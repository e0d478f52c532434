package dev.switchboard.common.web;

import java.io.IOException;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.switchboard.common.error.ProblemResponses;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Checks what every request carries outside its body before anything else reads it: the
 * {@code Authorization} header (printable ASCII only, as every token and key is) and the
 * query string ({@link StrictText}). A client calling the container's error page directly
 * gets a 404 like any unknown path.
 */
class StrictTextFilter extends OncePerRequestFilter {

	private final ProblemResponses problems;

	StrictTextFilter(ProblemResponses problems) {
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getDispatcherType() == DispatcherType.REQUEST && "/error".equals(request.getRequestURI())) {
			this.problems.write(response, HttpStatus.NOT_FOUND,
					"No endpoint " + request.getMethod() + " " + request.getRequestURI() + ".");
			return;
		}
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (authorization != null && !StrictText.isPrintableAscii(authorization)) {
			this.problems.write(response, HttpStatus.BAD_REQUEST,
					"The Authorization header may hold only printable ASCII characters.");
			return;
		}
		String query = request.getQueryString();
		if (query != null && !StrictText.isAcceptableQuery(query)) {
			this.problems.write(response, HttpStatus.BAD_REQUEST,
					"The query string is not well-formed UTF-8 or contains a NUL character.");
			return;
		}
		chain.doFilter(request, response);
	}

}

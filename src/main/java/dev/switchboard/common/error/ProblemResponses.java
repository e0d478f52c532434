package dev.switchboard.common.error;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.stereotype.Component;

/**
 * Writes problem details from places outside Spring MVC: servlet filters and the security
 * chains.
 */
@Component
public class ProblemResponses {

	private final JsonMapper json;

	ProblemResponses(JsonMapper json) {
		this.json = json;
	}

	public void write(HttpServletResponse response, HttpStatus status, String detail) throws IOException {
		write(response, ProblemDetail.forStatusAndDetail(status, detail));
	}

	/**
	 * Writes a problem with its status.
	 */
	public void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
		response.setStatus(problem.getStatus());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		this.json.writeValue(response.getOutputStream(), problem);
	}

	/**
	 * A problem as the JSON text the other methods write.
	 */
	String text(ProblemDetail problem) {
		return this.json.writeValueAsString(problem);
	}

	/**
	 * Answers requests without a valid token with a 401.
	 */
	public AuthenticationEntryPoint entryPoint() {
		return (request, response, ex) -> {
			response.setHeader("WWW-Authenticate", "Bearer");
			write(response, HttpStatus.UNAUTHORIZED, (request.getHeader("Authorization") == null)
					? "A bearer token is required." : "The bearer token is invalid or expired.");
		};
	}

	/**
	 * Answers authenticated requests the caller's role does not allow with a 403.
	 */
	public AccessDeniedHandler accessDeniedHandler() {
		return (request, response, ex) -> write(response, HttpStatus.FORBIDDEN,
				"Your role does not allow this request.");
	}

}

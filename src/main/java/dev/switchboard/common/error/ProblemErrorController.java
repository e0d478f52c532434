package dev.switchboard.common.error;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import dev.switchboard.common.security.Action;
import dev.switchboard.common.security.Audience;
import dev.switchboard.common.security.Endpoint;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The container's error page (errors raised outside Spring MVC) as a problem detail,
 * never Boot's default body, whatever the method. Asked for directly, {@code /error} is
 * no endpoint: a 404.
 */
@RestController
class ProblemErrorController implements ErrorController {

	@Endpoint(action = Action.VIEW, resource = "/error", audience = Audience.PUBLIC)
	@RequestMapping("/error")
	ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
		ProblemDetail problem = problem(request);
		return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

	private static ProblemDetail problem(HttpServletRequest request) {
		if (request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof ErrorResponse error) {
			return error.getBody();
		}
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		if (!(code instanceof Integer value)) {
			return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
					"No endpoint " + request.getMethod() + " /error.");
		}
		HttpStatus status = HttpStatus.resolve(value);
		ProblemDetail problem = ProblemDetail.forStatusAndDetail((status != null) ? status : HttpStatus.BAD_REQUEST,
				ContainerErrors.detail(status));
		problem.setStatus(value);
		return problem;
	}

}

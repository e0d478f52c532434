package dev.switchboard.common.error;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import dev.switchboard.common.security.Action;
import dev.switchboard.common.security.Audience;
import dev.switchboard.common.security.Endpoint;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The container's error page (errors raised outside Spring MVC) as a problem detail,
 * never Boot's default body.
 */
@RestController
class ProblemErrorController implements ErrorController {

	@Endpoint(action = Action.VIEW, resource = "/error", audience = Audience.PUBLIC)
	@RequestMapping("/error")
	ProblemDetail error(HttpServletRequest request) {
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		HttpStatus status = (code instanceof Integer value) ? HttpStatus.resolve(value) : null;
		if (status == null) {
			status = HttpStatus.INTERNAL_SERVER_ERROR;
		}
		String detail = status.is5xxServerError() ? "An unexpected error occurred; it has been logged."
				: status.getReasonPhrase() + ".";
		return ProblemDetail.forStatusAndDetail(status, detail);
	}

}

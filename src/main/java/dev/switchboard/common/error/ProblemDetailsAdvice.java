package dev.switchboard.common.error;

import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Renders every error as {@code application/problem+json}: Spring MVC's own (via
 * {@link ResponseEntityExceptionHandler}), ours, and anything unexpected as a 500 that
 * names no class and shows no stack trace, logged without the exception's messages.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<Map<String, String>> errors = ex.getBindingResult()
			.getFieldErrors()
			.stream()
			.map((error) -> Map.of("field", JsonNames.snakeCase(error.getField()), "message", message(error)))
			.toList();
		String detail = errors.stream()
			.map((error) -> error.get("field") + ": " + error.get("message"))
			.reduce((a, b) -> a + "; " + b)
			.orElse("The request is invalid.");
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
		problem.setProperty("errors", errors);
		return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		PayloadTooLargeException tooLarge = findCause(ex, PayloadTooLargeException.class);
		if (tooLarge != null) {
			return handleExceptionInternal(tooLarge, tooLarge.getBody(), headers, tooLarge.getStatusCode(), request);
		}
		ServiceUnavailableException busy = findCause(ex, ServiceUnavailableException.class);
		if (busy != null) {
			return handleExceptionInternal(busy, busy.getBody(), busy.getHeaders(), busy.getStatusCode(), request);
		}
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, unreadableDetail(ex));
		return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
	}

	@Override
	protected ResponseEntity<Object> handleNoHandlerFoundException(NoHandlerFoundException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
				"No endpoint " + ex.getHttpMethod() + " " + ex.getRequestURL() + ".");
		return handleExceptionInternal(ex, problem, headers, HttpStatus.NOT_FOUND, request);
	}

	@Override
	protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
				"No endpoint " + ex.getHttpMethod() + " /" + ex.getResourcePath() + ".");
		return handleExceptionInternal(ex, problem, headers, HttpStatus.NOT_FOUND, request);
	}

	@ExceptionHandler(AccessDeniedException.class)
	ProblemDetail accessDenied(AccessDeniedException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, "Your role does not allow this request.");
	}

	@ExceptionHandler(AuthenticationException.class)
	ProblemDetail unauthenticated(AuthenticationException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, "Authentication is required.");
	}

	/**
	 * No database connection within the pool's {@code connection-timeout} (every
	 * connection busy, or the database unreachable): the request did nothing and may be
	 * sent again, so it is a 503 rather than a 500, and it fails fast instead of
	 * queueing.
	 */
	@ExceptionHandler({ CannotCreateTransactionException.class, DataAccessResourceFailureException.class })
	ResponseEntity<ProblemDetail> noConnection(Exception ex) {
		log.warn("No database connection for a request ({})", ex.getClass().getSimpleName());
		ServiceUnavailableException busy = ServiceUnavailableException.forDatabase(ex);
		return ResponseEntity.status(busy.getStatusCode()).headers(busy.getHeaders()).body(busy.getBody());
	}

	/**
	 * Logs the exception without its message, which may quote a secret (an HTTP client's
	 * quotes the header it refused).
	 */
	@ExceptionHandler(Exception.class)
	ProblemDetail unexpected(Exception ex) {
		log.error("Unexpected error", Redacted.of(ex));
		return ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
				"An unexpected error occurred; it has been logged.");
	}

	private static String unreadableDetail(HttpMessageNotReadableException ex) {
		DatabindException databind = findCause(ex, DatabindException.class);
		if (databind != null && !databind.getPath().isEmpty()) {
			String field = databind.getPath()
				.stream()
				.map((reference) -> (reference.getPropertyName() != null) ? reference.getPropertyName()
						: "[" + reference.getIndex() + "]")
				.reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b)
				.orElse("");
			if (databind instanceof InvalidFormatException invalid) {
				return "Field '" + field + "' has an invalid value" + typeHint(invalid.getTargetType()) + ".";
			}
			if (databind instanceof MismatchedInputException mismatched) {
				return "Field '" + field + "' has the wrong JSON type" + typeHint(mismatched.getTargetType()) + ".";
			}
			return "Field '" + field + "' is invalid.";
		}
		if (findCause(ex, JacksonException.class) != null) {
			return "The request body is not valid JSON.";
		}
		return "The request body is missing or unreadable.";
	}

	private static String typeHint(Class<?> type) {
		if (type == null) {
			return "";
		}
		if (type == java.util.UUID.class) {
			return " (expected a UUID)";
		}
		if (type == String.class) {
			return " (expected a string)";
		}
		if (Number.class.isAssignableFrom(type) || type == int.class || type == long.class) {
			return " (expected a number)";
		}
		if (type == Boolean.class || type == boolean.class) {
			return " (expected true or false)";
		}
		if (type.isEnum()) {
			return " (expected one of " + List.of(type.getEnumConstants()) + ")";
		}
		return "";
	}

	private static <T extends Throwable> T findCause(Throwable ex, Class<T> type) {
		for (Throwable current = ex; current != null; current = current.getCause()) {
			if (type.isInstance(current)) {
				return type.cast(current);
			}
		}
		return null;
	}

	private static String message(FieldError error) {
		return (error.getDefaultMessage() != null) ? error.getDefaultMessage() : "is invalid";
	}

}

package dev.switchboard.common.error;

import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.transaction.CannotCreateTransactionException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request that finds no database connection within the pool's timeout is a 503 the
 * client may retry, never a 500.
 */
class DatabaseBusyTests {

	private final ProblemDetailsAdvice advice = new ProblemDetailsAdvice();

	@Test
	void noConnectionForATransactionIs503WithRetryAfter() {
		ResponseEntity<ProblemDetail> answer = this.advice.noConnection(new CannotCreateTransactionException(
				"Could not open JPA EntityManager", new SQLTransientConnectionException("pool timed out")));

		assertThat(answer.getStatusCode().value()).isEqualTo(503);
		assertThat(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
		assertThat(answer.getBody().getDetail()).isEqualTo(ServiceUnavailableException.DETAIL)
			.doesNotContain("pool timed out");
	}

	@Test
	void noConnectionForAFiltersLookUpIs503Too() throws Exception {
		ContainerErrors.FilterErrors filter = new ContainerErrors.FilterErrors(
				new ProblemResponses(JsonMapper.builder().build()));
		MockHttpServletResponse response = new MockHttpServletResponse();

		filter.doFilter(new MockHttpServletRequest("POST", "/messages.send"), response, (request, ignored) -> {
			throw new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection",
					new SQLTransientConnectionException("pool timed out"));
		});

		assertThat(response.getStatus()).isEqualTo(503);
		assertThat(response.getHeader(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
		assertThat(response.getContentAsString()).contains(ServiceUnavailableException.DETAIL)
			.doesNotContain("pool timed out");
	}

	@Test
	void anUnexpectedErrorWithACauseIsLoggedAsItsChainWithoutMessages() {
		Throwable redacted = Redacted
			.of(new IllegalStateException("outer secret", new IllegalArgumentException("inner secret")));

		assertThat(redacted.getMessage()).isEqualTo("java.lang.IllegalStateException (message withheld)");
		assertThat(redacted.getCause().getMessage()).isEqualTo("java.lang.IllegalArgumentException (message withheld)");
		assertThat(redacted.getCause().getCause()).isNull();
	}

	@Test
	void noConnectionOutsideATransactionIs503Too() {
		ResponseEntity<ProblemDetail> answer = this.advice
			.noConnection(new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection"));

		assertThat(answer.getStatusCode().value()).isEqualTo(503);
		assertThat(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
	}

}

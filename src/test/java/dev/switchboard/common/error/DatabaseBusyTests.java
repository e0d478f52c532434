package dev.switchboard.common.error;

import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
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
	void noConnectionOutsideATransactionIs503Too() {
		ResponseEntity<ProblemDetail> answer = this.advice
			.noConnection(new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection"));

		assertThat(answer.getStatusCode().value()).isEqualTo(503);
		assertThat(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
	}

}

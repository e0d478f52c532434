package dev.switchboard.common.web;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import dev.switchboard.common.error.ProblemResponses;
import dev.switchboard.common.error.ServiceUnavailableException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bounds the requests in progress. Requests run on virtual threads, which cost nothing to
 * start, so without a bound an open stream of requests faster than the database drains
 * them piles up (each with its buffers, its security context, its wait for a connection)
 * until the heap runs out. A request over the bound waits a moment for its turn, in
 * arrival order, and is then refused with a {@code 503} problem and {@code Retry-After},
 * before authentication or any work: the client may send it again as it is.
 * <p>
 * A request gives its turn back while it waits for more of its body from the network and
 * takes one again when the bytes are there, so that slow clients, which the body timeouts
 * already bound, cannot take every turn. Health and metrics ({@code /actuator/**}) are
 * never refused, so a saturated server still reports itself.
 */
class LoadSheddingFilter extends OncePerRequestFilter {

	private final Semaphore turns;

	private final Duration maxWait;

	private final Duration retryAfter;

	private final ProblemResponses problems;

	private final Counter shed;

	LoadSheddingFilter(LoadSheddingProperties properties, ProblemResponses problems, MeterRegistry registry) {
		this.turns = new Semaphore(properties.maxInProgress(), true);
		this.maxWait = properties.maxWait();
		this.retryAfter = properties.retryAfter();
		this.problems = problems;
		this.shed = Counter.builder("switchboard.http.requests.shed")
			.description("Requests refused with a 503 because the server was at its limit of requests in progress")
			.register(registry);
		registry.gauge("switchboard.http.requests.in_progress", this.turns,
				(turns) -> properties.maxInProgress() - turns.availablePermits());
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return request.getRequestURI().startsWith("/actuator/");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Turn turn = new Turn();
		if (!turn.take()) {
			response.setHeader(HttpHeaders.RETRY_AFTER, ServiceUnavailableException.retryAfterSeconds(this.retryAfter));
			this.problems.write(response, HttpStatus.SERVICE_UNAVAILABLE, ServiceUnavailableException.DETAIL);
			return;
		}
		try {
			chain.doFilter(new PatientRequest(request, turn), response);
		}
		finally {
			turn.end();
		}
	}

	/**
	 * One request's hold on a turn; used by the one thread that handles the request at a
	 * time (no monitor: a virtual thread waiting inside one would hold its carrier).
	 */
	private final class Turn {

		private boolean held;

		boolean take() {
			if (!this.held) {
				try {
					this.held = LoadSheddingFilter.this.turns.tryAcquire(LoadSheddingFilter.this.maxWait.toNanos(),
							TimeUnit.NANOSECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				if (!this.held) {
					LoadSheddingFilter.this.shed.increment();
				}
			}
			return this.held;
		}

		/**
		 * Takes a turn again after a wait for the body.
		 * @throws ServiceUnavailableException when none frees in time
		 */
		void resume() {
			if (!take()) {
				throw new ServiceUnavailableException(LoadSheddingFilter.this.retryAfter);
			}
		}

		void end() {
			if (this.held) {
				this.held = false;
				LoadSheddingFilter.this.turns.release();
			}
		}

	}

	private static final class PatientRequest extends HttpServletRequestWrapper {

		private final Turn turn;

		private ServletInputStream stream;

		PatientRequest(HttpServletRequest request, Turn turn) {
			super(request);
			this.turn = turn;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (this.stream == null) {
				this.stream = new PatientInputStream(super.getInputStream(), this.turn);
			}
			return this.stream;
		}

	}

	/**
	 * Reads the body, giving the turn back for every read that may have to wait for the
	 * network. A read that fails keeps none: the request ends with that error.
	 */
	private static final class PatientInputStream extends ForwardingInputStream {

		private final Turn turn;

		PatientInputStream(ServletInputStream delegate, Turn turn) {
			super(delegate);
			this.turn = turn;
		}

		@Override
		public int read() throws IOException {
			if (ready()) {
				return this.delegate.read();
			}
			this.turn.end();
			int b = this.delegate.read();
			this.turn.resume();
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			if (length == 0 || ready()) {
				return this.delegate.read(buffer, offset, length);
			}
			this.turn.end();
			int n = this.delegate.read(buffer, offset, length);
			this.turn.resume();
			return n;
		}

		private boolean ready() throws IOException {
			return this.delegate.isFinished() || this.delegate.available() > 0;
		}

	}

}

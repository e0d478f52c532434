package dev.switchboard.common.web;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import dev.switchboard.common.error.PayloadTooLargeException;
import dev.switchboard.common.error.ProblemResponses;

import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies over the limit with a 413: at once when {@code Content-Length}
 * says so, and while reading when a chunked body grows past it. A body that stalls (the
 * connector's upload timeout) or trickles past the deadline is a 408. Tomcat closes the
 * connection after each of these; a body refused unread or given up on is not drained
 * first ({@link RefusedBodyValve}).
 */
class RequestSizeLimitFilter extends OncePerRequestFilter {

	private final long limit;

	private final Map<String, Long> limits;

	private final Duration deadline;

	private final ProblemResponses problems;

	RequestSizeLimitFilter(long limit, List<BodyLimit> exceptions, Duration deadline, ProblemResponses problems) {
		this.limit = limit;
		this.deadline = deadline;
		this.limits = new HashMap<>();
		exceptions.forEach(
				(exception) -> exception.paths().forEach((path) -> this.limits.put(path, exception.limit().toBytes())));
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long limit = limit(request.getRequestURI());
		if (request.getContentLengthLong() > limit) {
			request.setAttribute(RefusedBodyValve.ABANDONED, true);
			this.problems.write(response, HttpStatus.CONTENT_TOO_LARGE,
					new PayloadTooLargeException(limit).getMessage());
			return;
		}
		chain.doFilter(new LimitedRequest(request, limit, this.deadline), response);
	}

	private long limit(String path) {
		Long exact = this.limits.get(path);
		if (exact != null) {
			return exact;
		}
		int slash = path.lastIndexOf('/');
		Long segment = (slash > 0) ? this.limits.get(path.substring(0, slash) + "/*") : null;
		if (segment != null) {
			return segment;
		}
		for (Map.Entry<String, Long> limit : this.limits.entrySet()) {
			String pattern = limit.getKey();
			if (pattern.endsWith("/**") && path.startsWith(pattern.substring(0, pattern.length() - 2))) {
				return limit.getValue();
			}
		}
		return this.limit;
	}

	private static final class LimitedRequest extends HttpServletRequestWrapper {

		private final long limit;

		private final long deadlineNanos;

		private ServletInputStream stream;

		LimitedRequest(HttpServletRequest request, long limit, Duration deadline) {
			super(request);
			this.limit = limit;
			this.deadlineNanos = System.nanoTime() + deadline.toNanos();
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (this.stream == null) {
				this.stream = new LimitedInputStream(super.getInputStream(), this.limit, this.deadlineNanos,
						() -> setAttribute(RefusedBodyValve.ABANDONED, true));
			}
			return this.stream;
		}

	}

	private static final class LimitedInputStream extends ForwardingInputStream {

		private final long limit;

		private final long deadlineNanos;

		private final Runnable abandon;

		private long read;

		LimitedInputStream(ServletInputStream delegate, long limit, long deadlineNanos, Runnable abandon) {
			super(delegate);
			this.limit = limit;
			this.deadlineNanos = deadlineNanos;
			this.abandon = abandon;
		}

		@Override
		public int read() throws IOException {
			checkDeadline();
			int b;
			try {
				b = this.delegate.read();
			}
			catch (IOException ex) {
				throw stalled(ex);
			}
			if (b != -1) {
				count(1);
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			checkDeadline();
			int n;
			try {
				n = this.delegate.read(buffer, offset, length);
			}
			catch (IOException ex) {
				throw stalled(ex);
			}
			if (n > 0) {
				count(n);
			}
			return n;
		}

		private void count(int n) {
			this.read += n;
			if (this.read > this.limit) {
				throw new PayloadTooLargeException(this.limit);
			}
		}

		private void checkDeadline() {
			if (System.nanoTime() - this.deadlineNanos > 0) {
				throw timedOut();
			}
		}

		private RequestTimeoutException timedOut() {
			this.abandon.run();
			return new RequestTimeoutException();
		}

		private IOException stalled(IOException ex) {
			for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
				if (cause instanceof SocketTimeoutException) {
					throw timedOut();
				}
			}
			return ex;
		}

	}

}

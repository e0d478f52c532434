package dev.switchboard.common.error;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponse;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Problem details for the errors Spring MVC never sees: those Tomcat answers itself
 * (through {@link ProblemReportValve}) and those a servlet filter throws (through
 * {@link FilterErrors}).
 */
@Configuration(proxyBeanMethods = false)
class ContainerErrors {

	private static final Logger log = LoggerFactory.getLogger(ContainerErrors.class);

	/**
	 * What an error the container raised says, as no exception tells: never Tomcat's own
	 * text, which quotes the request.
	 */
	static String detail(HttpStatus status) {
		if (status == null || status == HttpStatus.BAD_REQUEST) {
			return "The request is malformed: its request line, a header or the encoding of its URL is invalid.";
		}
		if (status.is5xxServerError()) {
			return "An unexpected error occurred; it has been logged.";
		}
		return status.getReasonPhrase() + ".";
	}

	/**
	 * Replaces Tomcat's HTML error report (and Boot's plain one) on the host.
	 */
	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports(ProblemResponses problems) {
		return new WebServerFactoryCustomizer<>() {

			@Override
			public void customize(TomcatServletWebServerFactory factory) {
				factory.addContextCustomizers((context) -> {
					for (Valve valve : context.getParent().getPipeline().getValves()) {
						if (valve instanceof ErrorReportValve) {
							context.getParent().getPipeline().removeValve(valve);
						}
					}
					context.getParent().getPipeline().addValve(new ProblemReportValve(problems));
					if (context.getParent() instanceof StandardHost host) {
						host.setErrorReportValveClass(ProblemReportValve.class.getName());
					}
				});
			}

		};
	}

	@Bean
	FilterRegistrationBean<FilterErrors> filterErrors(ProblemResponses problems) {
		FilterRegistrationBean<FilterErrors> registration = new FilterRegistrationBean<>(new FilterErrors(problems));
		// inside the request size limit, whose wrapped body throws when it grows too
		// large, and around every other filter
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
		return registration;
	}

	/**
	 * Answers what a filter (or anything below it outside Spring MVC) throws: an
	 * {@link ErrorResponse} with its own status and body, anything else as a 500 logged
	 * without its message.
	 */
	static final class FilterErrors extends OncePerRequestFilter {

		private final ProblemResponses problems;

		FilterErrors(ProblemResponses problems) {
			this.problems = problems;
		}

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			try {
				chain.doFilter(request, response);
			}
			catch (ServletException | RuntimeException ex) {
				if (response.isCommitted()) {
					throw ex;
				}
				ErrorResponse error = errorResponse(ex);
				if (error == null) {
					// a filter's own look-up (a member, an access key) found no database
					// connection
					error = ServiceUnavailableException.forDatabase(ex);
					if (error != null) {
						log.warn("No database connection for a request ({})", ex.getClass().getSimpleName());
					}
				}
				response.reset();
				if (error != null) {
					error.getHeaders()
						.forEach((name, values) -> values.forEach((value) -> response.addHeader(name, value)));
					this.problems.write(response, error.getBody());
				}
				else {
					log.error("Unexpected error outside Spring MVC", Redacted.of(ex));
					this.problems.write(response, HttpStatus.INTERNAL_SERVER_ERROR,
							detail(HttpStatus.INTERNAL_SERVER_ERROR));
				}
			}
		}

		@Override
		protected boolean shouldNotFilterErrorDispatch() {
			return false;
		}

		private static ErrorResponse errorResponse(Throwable ex) {
			for (Throwable current = ex; current != null; current = current.getCause()) {
				if (current instanceof ErrorResponse error) {
					return error;
				}
			}
			return null;
		}

	}

}

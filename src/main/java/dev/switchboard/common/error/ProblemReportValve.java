package dev.switchboard.common.error;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * Tomcat's own error pages (a request line, header or URL encoding it refuses before any
 * servlet runs) as problem details instead of HTML; Tomcat's message is not repeated, as
 * it quotes the request.
 */
class ProblemReportValve extends ErrorReportValve {

	private final ProblemResponses problems;

	ProblemReportValve(ProblemResponses problems) {
		this.problems = problems;
	}

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int code = response.getStatus();
		if (code < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		AtomicBoolean ioAllowed = new AtomicBoolean();
		response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
		if (!ioAllowed.get()) {
			return;
		}
		HttpStatus status = HttpStatus.resolve(code);
		ProblemDetail problem = ProblemDetail.forStatusAndDetail((status != null) ? status : HttpStatus.BAD_REQUEST,
				ContainerErrors.detail(status));
		problem.setStatus(code);
		try {
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			response.setCharacterEncoding(StandardCharsets.UTF_8.name());
			PrintWriter writer = response.getReporter();
			if (writer != null) {
				writer.write(this.problems.text(problem));
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// the client went away: there is no one to tell
		}
	}

}

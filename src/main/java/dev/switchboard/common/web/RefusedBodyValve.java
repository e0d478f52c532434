package dev.switchboard.common.web;

import java.io.IOException;

import jakarta.servlet.ServletException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;

import org.springframework.http.HttpStatus;

/**
 * Closes the connection after a refused body (413, 408) without reading the rest of it.
 * Tomcat would otherwise drain the unread body to keep the connection alive, which holds
 * the request's thread for as long as a stalled or trickling client likes.
 */
class RefusedBodyValve extends ValveBase {

	RefusedBodyValve() {
		super(true);
	}

	@Override
	public void invoke(Request request, Response response) throws IOException, ServletException {
		getNext().invoke(request, response);
		int status = response.getStatus();
		if (status == HttpStatus.CONTENT_TOO_LARGE.value() || status == HttpStatus.REQUEST_TIMEOUT.value()) {
			request.getCoyoteRequest().action(ActionCode.DISABLE_SWALLOW_INPUT, null);
		}
	}

}

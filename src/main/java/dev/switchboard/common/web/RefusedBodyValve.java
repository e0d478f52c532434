package dev.switchboard.common.web;

import java.io.IOException;

import jakarta.servlet.ServletException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;

/**
 * Closes the connection without reading the rest of a body the service refused unread (a
 * declared length over the limit) or gave up waiting for (408). Tomcat would otherwise
 * drain the unread body to keep the connection alive, which lasts as long as a stalled or
 * trickling client likes. A body cut off while arriving at full speed is still drained,
 * so that its client reads the 413 rather than a reset connection.
 */
class RefusedBodyValve extends ValveBase {

	/**
	 * The request attribute that marks a body as abandoned.
	 */
	static final String ABANDONED = RefusedBodyValve.class.getName() + ".abandoned";

	RefusedBodyValve() {
		super(true);
	}

	@Override
	public void invoke(Request request, Response response) throws IOException, ServletException {
		getNext().invoke(request, response);
		if (request.getAttribute(ABANDONED) != null) {
			request.getCoyoteRequest().action(ActionCode.DISABLE_SWALLOW_INPUT, null);
		}
	}

}

package dev.switchboard.common.security;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.stereotype.Component;

/**
 * The management server's port when {@code management.server.port} puts it apart from the
 * API's: requests to it are off the API's chain (Prometheus scrapes
 * {@code /actuator/prometheus} without a token), so that port must not be reachable from
 * outside. On the API's port the metrics need an admin's token.
 */
@Component
class ManagementPort implements ApplicationListener<WebServerInitializedEvent>, RequestMatcher {

	private volatile int port = -1;

	@Override
	public void onApplicationEvent(WebServerInitializedEvent event) {
		if ("management".equals(event.getApplicationContext().getServerNamespace())) {
			this.port = event.getWebServer().getPort();
		}
	}

	@Override
	public boolean matches(HttpServletRequest request) {
		return this.port > 0 && request.getLocalPort() == this.port;
	}

}

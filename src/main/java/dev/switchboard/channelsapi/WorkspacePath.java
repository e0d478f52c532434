package dev.switchboard.channelsapi;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.switchboard.common.error.NotFoundException;
import dev.switchboard.common.security.CurrentMember;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The workspace in a {@code /workspaces/{workspaceId}/…} path must be the caller's: any
 * other is a {@code 404}, as an unknown one, before any policy is asked (so a key learns
 * nothing of another workspace's ids from a {@code 403}).
 */
@Configuration(proxyBeanMethods = false)
class WorkspacePath implements WebMvcConfigurer, HandlerInterceptor {

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(this).addPathPatterns("/workspaces/**");
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		@SuppressWarnings("unchecked")
		Map<String, String> variables = (Map<String, String>) request
			.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
		String workspace = (variables != null) ? variables.get("workspaceId") : null;
		if (workspace != null && !workspace.equalsIgnoreCase(CurrentMember.workspaceId().toString())) {
			throw new NotFoundException("No such workspace.");
		}
		return true;
	}

}

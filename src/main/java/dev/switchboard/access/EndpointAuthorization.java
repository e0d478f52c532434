package dev.switchboard.access;

import java.lang.reflect.Method;
import java.util.List;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;

import dev.switchboard.common.error.ForbiddenException;
import dev.switchboard.common.security.Audience;
import dev.switchboard.common.security.CurrentMember;
import dev.switchboard.common.security.Endpoint;
import dev.switchboard.common.security.Member;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Checks every call of an {@link Endpoint} handler, after its request is bound, against
 * the caller's policies: its role's, or its access key's.
 */
class EndpointAuthorization implements MethodInterceptor {

	private final ObjectProvider<Resources> resources;

	EndpointAuthorization(ObjectProvider<Resources> resources) {
		this.resources = resources;
	}

	@Override
	public Object invoke(MethodInvocation invocation) throws Throwable {
		Method method = invocation.getMethod();
		Endpoint endpoint = AnnotatedElementUtils.findMergedAnnotation(method, Endpoint.class);
		if (endpoint != null && (endpoint.audience() == Audience.USER || endpoint.audience() == Audience.MEMBER)) {
			check(endpoint, method, invocation.getArguments());
		}
		return invocation.proceed();
	}

	private void check(Endpoint endpoint, Method method, Object[] arguments) {
		Member member = CurrentMember.get();
		if (member.isAccessKey() && endpoint.audience() == Audience.USER) {
			throw new ForbiddenException("Access keys cannot call this endpoint; it needs a user.");
		}
		// role policies name no ids (only the workspace and wildcards), so only a key's
		// check needs the ids of the request, and the query that finds a conversation's
		// channel
		String resource = member.isAccessKey()
				? this.resources.getObject().resolve(endpoint.resource(), member.workspaceId(), method, arguments)
				: Resources.workspaceOnly(endpoint.resource(), member.workspaceId());
		if (!PolicyEngine.allows(policies(member), endpoint.action(), resource)) {
			throw new ForbiddenException(member.isAccessKey() ? "The access key's policies do not allow this request."
					: "Your role does not allow this request.");
		}
	}

	static List<Policy> policies(Member member) {
		if (!member.isAccessKey()) {
			return RolePolicies.of(member.role());
		}
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		return (authentication instanceof AccessKeyAuthentication key) ? key.policies() : List.of();
	}

}

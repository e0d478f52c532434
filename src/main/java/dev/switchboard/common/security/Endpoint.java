package dev.switchboard.common.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The action and resource path of an endpoint: every request handler declares one, and
 * the request is allowed when the caller's policies (a role's or an access key's) allow
 * the action on the resource. In the path, {@code {ws}} is the caller's workspace and
 * every other {@code {name}} is the request body's field of that JSON name.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Endpoint {

	Action action();

	String resource();

	Audience audience() default Audience.MEMBER;

	/**
	 * The endpoint's name in the published table, when one handler serves several paths
	 * ({@code channels.<source>.connect}); else its path.
	 */
	String name() default "";

}

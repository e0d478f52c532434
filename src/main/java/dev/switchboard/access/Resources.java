package dev.switchboard.access;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.databind.JsonNode;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;

/**
 * Turns an endpoint's declared resource into the path of one request: {@code {ws}} is the
 * caller's workspace, every other {@code {name}} the request path's variable of that name
 * in camelCase ({@code {channel_id}} is {@code {channelId}}) or the bound request body's
 * field of that JSON name. A {@code {channel_id}} the body does not give is its
 * {@code conversation_id}'s channel, a {@code {source}} the one a
 * {@code /channels.<source>.<verb>} path names. A value that is missing, or is no single
 * path segment, stays {@code {name}}: only a {@code *} or {@code /**} matches it.
 */
@Component
class Resources {

	static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._~:@-]+");

	private static final Pattern VARIABLE = Pattern.compile("\\{([a-z_]+)}");

	private static final Pattern SOURCE_PATH = Pattern.compile("/channels\\.(.+)\\.[a-z]+");

	private final JdbcClient jdbc;

	Resources(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * The resource with only the workspace filled in; the other variables stay as they
	 * are, matched only by wildcards.
	 */
	static String workspaceOnly(String resource, UUID workspaceId) {
		return resource.replace("{ws}", workspaceId.toString());
	}

	String resolve(String resource, UUID workspaceId, Method method, Object[] arguments) {
		Matcher matcher = VARIABLE.matcher(resource);
		StringBuilder path = new StringBuilder();
		while (matcher.find()) {
			String name = matcher.group(1);
			String value = name.equals("ws") ? workspaceId.toString()
					: value(name, workspaceId, method, arguments).filter((v) -> SEGMENT.matcher(v).matches())
						.orElse(matcher.group());
			matcher.appendReplacement(path, Matcher.quoteReplacement(value));
		}
		matcher.appendTail(path);
		return path.toString();
	}

	private Optional<String> value(String name, UUID workspaceId, Method method, Object[] arguments) {
		Optional<String> variable = pathVariable(method, arguments, camelCase(name));
		if (variable.isPresent()) {
			return variable;
		}
		Object body = body(method, arguments);
		Optional<String> value = field(body, name);
		if (value.isPresent()) {
			return value;
		}
		if (name.equals("channel_id")) {
			return field(body, "conversation_id").flatMap((id) -> channelOf(id, workspaceId));
		}
		if (name.equals("source")) {
			return sourceOfPath(arguments);
		}
		return Optional.empty();
	}

	private static Optional<String> pathVariable(Method method, Object[] arguments, String name) {
		Parameter[] parameters = method.getParameters();
		for (int i = 0; i < parameters.length; i++) {
			PathVariable variable = parameters[i].getAnnotation(PathVariable.class);
			if (variable != null && arguments[i] != null) {
				String declared = !variable.name().isEmpty() ? variable.name() : parameters[i].getName();
				if (declared.equals(name)) {
					return Optional.of(arguments[i].toString());
				}
			}
		}
		return Optional.empty();
	}

	private static Object body(Method method, Object[] arguments) {
		Parameter[] parameters = method.getParameters();
		for (int i = 0; i < parameters.length; i++) {
			if (parameters[i].isAnnotationPresent(RequestBody.class)) {
				return arguments[i];
			}
		}
		return null;
	}

	private static Optional<String> field(Object body, String name) {
		if (body instanceof JsonNode node) {
			JsonNode field = node.path(name);
			return field.isValueNode() && !field.isNull() ? Optional.of(field.asString()) : Optional.empty();
		}
		if (body != null && body.getClass().isRecord()) {
			String property = camelCase(name);
			for (RecordComponent component : body.getClass().getRecordComponents()) {
				if (component.getName().equals(property)) {
					return Optional.ofNullable(read(component, body)).map(Object::toString);
				}
			}
		}
		return Optional.empty();
	}

	private static Object read(RecordComponent component, Object body) {
		try {
			Method accessor = component.getAccessor();
			accessor.setAccessible(true);
			return accessor.invoke(body);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("Cannot read " + component.getName(), ex);
		}
	}

	private Optional<String> channelOf(String conversationId, UUID workspaceId) {
		UUID id;
		try {
			id = UUID.fromString(conversationId);
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
		return this.jdbc.sql("select channel_id from conversations where id = :id and workspace_id = :workspace")
			.param("id", id)
			.param("workspace", workspaceId)
			.query(UUID.class)
			.optional()
			.map(UUID::toString);
	}

	private static Optional<String> sourceOfPath(Object[] arguments) {
		for (Object argument : arguments) {
			if (argument instanceof HttpServletRequest request) {
				Matcher matcher = SOURCE_PATH
					.matcher(request.getRequestURI().substring(request.getContextPath().length()));
				return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
			}
		}
		return Optional.empty();
	}

	private static String camelCase(String snake) {
		StringBuilder camel = new StringBuilder();
		boolean upper = false;
		for (char c : snake.toCharArray()) {
			if (c == '_') {
				upper = true;
			}
			else {
				camel.append(upper ? Character.toUpperCase(c) : c);
				upper = false;
			}
		}
		return camel.toString();
	}

}

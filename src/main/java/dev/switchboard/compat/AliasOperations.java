package dev.switchboard.compat;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;

import org.springframework.stereotype.Component;

/**
 * In the OpenAPI document, the camelCase paths that Airy's clients call
 * ({@code conversations.setState}, {@code chatplugin.resumeToken}) are deprecated aliases
 * of the API's own kebab-case ones.
 */
@Component
class AliasOperations implements GlobalOpenApiCustomizer {

	private static final Pattern CAMEL_HUMP = Pattern.compile("([a-z0-9])([A-Z])");

	@Override
	public void customise(OpenAPI openApi) {
		if (openApi.getPaths() == null) {
			return;
		}
		openApi.getPaths().forEach((path, item) -> {
			String canonical = canonical(path);
			if (!canonical.equals(path) && openApi.getPaths().containsKey(canonical)) {
				deprecate(item, canonical);
			}
		});
	}

	/**
	 * Deprecates the alias's operations, on copies: both paths of one handler may share
	 * an operation object.
	 */
	private static void deprecate(PathItem item, String canonical) {
		item.readOperationsMap()
			.forEach((method, operation) -> item.operation(method,
					new Operation().tags(operation.getTags())
						.summary(operation.getSummary())
						.description("The name Airy's clients call; the same as `" + canonical.substring(1) + "`.")
						.operationId(operation.getOperationId())
						.parameters(operation.getParameters())
						.requestBody(operation.getRequestBody())
						.responses(operation.getResponses())
						.security(operation.getSecurity())
						.deprecated(true)));
	}

	/** {@code /conversations.setState} is {@code /conversations.set-state}. */
	static String canonical(String path) {
		Matcher humps = CAMEL_HUMP.matcher(path);
		return humps.replaceAll("$1-$2").toLowerCase(Locale.ROOT);
	}

}

package dev.switchboard.source.chatplugin;

import java.util.List;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import org.springdoc.core.customizers.GlobalOperationCustomizer;

import dev.switchboard.common.web.SecuritySchemes;

import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.method.HandlerMethod;

/**
 * In the OpenAPI document, {@code chatplugin.*} takes a visitor token, except
 * {@code chatplugin.authenticate}, which gives one.
 */
@Component
class VisitorOperations implements GlobalOperationCustomizer {

	@Override
	public Operation customize(Operation operation, HandlerMethod handler) {
		if (handler.getBeanType() != ChatPluginController.class) {
			return operation;
		}
		PostMapping mapping = handler.getMethodAnnotation(PostMapping.class);
		boolean open = mapping != null && List.of(mapping.value()).contains("/chatplugin.authenticate");
		return operation
			.security(open ? List.of() : List.of(new SecurityRequirement().addList(SecuritySchemes.VISITOR)));
	}

}

package dev.switchboard.channel;

import java.util.List;

import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.core.converter.ResolvedSchema;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;

import org.springframework.stereotype.Component;

/**
 * In the OpenAPI document, each {@code channels.<source>.connect} takes its connector's
 * request: the endpoints share one handler that binds the body per source.
 */
@Component
class ConnectRequestSchemas implements GlobalOpenApiCustomizer {

	private final List<ChannelConnector<?>> connectors;

	ConnectRequestSchemas(List<ChannelConnector<?>> connectors) {
		this.connectors = connectors;
	}

	@Override
	public void customise(OpenAPI openApi) {
		for (ChannelConnector<?> connector : this.connectors) {
			PathItem path = (openApi.getPaths() != null)
					? openApi.getPaths().get("/channels." + connector.source() + ".connect") : null;
			Operation connect = (path != null) ? path.getPost() : null;
			if (connect == null || connect.getRequestBody() == null) {
				continue;
			}
			ResolvedSchema request = ModelConverters.getInstance(true)
				.resolveAsResolvedSchema(new AnnotatedType(connector.requestType()).resolveAsRef(true));
			request.referencedSchemas.forEach(openApi.getComponents()::addSchemas);
			connect.getRequestBody().getContent().values().forEach((media) -> media.schema(request.schema));
		}
	}

}

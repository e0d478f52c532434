package dev.switchboard.common.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;
import tools.jackson.databind.json.JsonMapper;

import dev.switchboard.common.security.PublicPaths;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.AntPathMatcher;

/**
 * The OpenAPI document ({@code /v3/api-docs}) as the API really is: schemas named and
 * shaped by the same JSON conventions the API reads and writes, errors as problem
 * details, and the credentials each endpoint takes.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	/** The schema of every error body. */
	static final String PROBLEM = "Problem";

	private static final String DEVELOPMENT_VERSION = "0.1.0-SNAPSHOT";

	private static final Map<String, String> ERRORS = errors();

	private static final Map<String, String> AUTHENTICATION_ERRORS = Map.of("401",
			"No credentials, or invalid, expired or revoked ones.", "403",
			"The credentials do not allow this action on this resource.");

	/**
	 * Swagger's model resolver, introspecting with Jackson 2, named as the API's Jackson
	 * 3 mapper names properties.
	 */
	@Bean
	ModelResolver apiModelResolver(JsonMapper json) {
		return new ModelResolver(
				Json31.mapper().copy().setPropertyNamingStrategy(new ApiSchemas.Naming(json.serializationConfig())),
				new ApiSchemas.Names())
			.openapi31(true);
	}

	@Bean
	ApiSchemas apiSchemas() {
		return new ApiSchemas();
	}

	@Bean
	GlobalOpenApiCustomizer apiDocument(ObjectProvider<BuildProperties> build, List<PublicPaths> publicPaths) {
		List<String> open = publicPaths.stream().flatMap((paths) -> paths.patterns().stream()).toList();
		return new ApiDocument(version(build.getIfAvailable()), open);
	}

	private static String version(BuildProperties build) {
		if (build != null) {
			return build.getVersion();
		}
		String implementation = OpenApiConfiguration.class.getPackage().getImplementationVersion();
		return (implementation != null) ? implementation : DEVELOPMENT_VERSION;
	}

	private static Map<String, String> errors() {
		Map<String, String> errors = new LinkedHashMap<>();
		errors.put("400", "The request is malformed or a field is invalid (see errors).");
		errors.put("404", "What the request names does not exist or is not visible.");
		errors.put("409", "The request conflicts with the current state (a duplicate, say).");
		errors.put("413", "The request body is too large.");
		errors.put("415", "The request body is not application/json.");
		errors.put("429", "Too many requests: wait as long as Retry-After says.");
		return errors;
	}

	/**
	 * Title, version, security schemes, the problem schema; on every operation JSON for
	 * success, the problem for each error status, and its credentials.
	 */
	static final class ApiDocument implements GlobalOpenApiCustomizer {

		private final AntPathMatcher matcher = new AntPathMatcher();

		private final String version;

		private final List<String> publicPaths;

		ApiDocument(String version, List<String> publicPaths) {
			this.version = version;
			this.publicPaths = publicPaths;
		}

		@Override
		public void customise(OpenAPI openApi) {
			openApi.info(new Info().title("Switchboard")
				.version(this.version)
				.description("The Switchboard API: one conversation inbox over many messaging channels. "
						+ "Every endpoint is a POST of a snake_case JSON body; errors are problem details "
						+ "(RFC 9457)."));
			Components components = (openApi.getComponents() != null) ? openApi.getComponents() : new Components();
			openApi.components(components);
			components.getSchemas().remove("ProblemDetail");
			components.addSchemas(PROBLEM, problem())
				.addSecuritySchemes(SecuritySchemes.BEARER,
						new SecurityScheme().type(SecurityScheme.Type.HTTP)
							.scheme("bearer")
							.bearerFormat("JWT")
							.description("A user's token, from users.login: Authorization: Bearer <token>."))
				.addSecuritySchemes(SecuritySchemes.ACCESS_KEY,
						new SecurityScheme().type(SecurityScheme.Type.APIKEY)
							.in(SecurityScheme.In.HEADER)
							.name("Authorization")
							.description("An access key, from access-keys.create: Authorization: AccessKey <key>."))
				.addSecuritySchemes(SecuritySchemes.VISITOR,
						new SecurityScheme().type(SecurityScheme.Type.HTTP)
							.scheme("bearer")
							.bearerFormat("JWT")
							.description("A chat plugin visitor's token, from chatplugin.authenticate: "
									+ "Authorization: Bearer <token>."));
			if (openApi.getPaths() == null) {
				return;
			}
			openApi.getPaths().forEach((path, item) -> {
				boolean open = this.publicPaths.stream().anyMatch((pattern) -> this.matcher.match(pattern, path));
				for (Operation operation : item.readOperations()) {
					document(operation, open);
				}
			});
		}

		/**
		 * An operation whose feature said which credentials it takes keeps them; any
		 * other takes a user token or an access key, unless its path is public.
		 */
		private void document(Operation operation, boolean open) {
			ApiResponses responses = (operation.getResponses() != null) ? operation.getResponses() : new ApiResponses();
			operation.responses(responses);
			responses.values().forEach(ApiDocument::json);
			ERRORS.forEach((status, description) -> responses.putIfAbsent(status, problem(description)));
			if (operation.getSecurity() == null && !open) {
				operation.security(List.of(new SecurityRequirement().addList(SecuritySchemes.BEARER),
						new SecurityRequirement().addList(SecuritySchemes.ACCESS_KEY)));
			}
			if (operation.getSecurity() != null && !operation.getSecurity().isEmpty()) {
				AUTHENTICATION_ERRORS
					.forEach((status, description) -> responses.putIfAbsent(status, problem(description)));
			}
		}

		/**
		 * What springdoc lists as {@code *}{@code /*} is JSON, but for a plain string,
		 * which Spring MVC writes as text, and bytes (media files), which go as they are.
		 */
		private static void json(ApiResponse response) {
			Content content = response.getContent();
			MediaType any = (content != null) ? content.remove("*/*") : null;
			if (any != null) {
				Schema<?> schema = any.getSchema();
				boolean text = schema != null && schema.get$ref() == null && schema.getTypes() != null
						&& schema.getTypes().equals(Set.of("string"));
				boolean bytes = text && ("binary".equals(schema.getFormat()) || "byte".equals(schema.getFormat()));
				content.addMediaType(bytes ? "application/octet-stream" : text ? "text/plain" : "application/json",
						any);
			}
		}

		private static ApiResponse problem(String description) {
			return new ApiResponse().description(description)
				.content(new Content().addMediaType("application/problem+json",
						new MediaType().schema(new JsonSchema().$ref("#/components/schemas/" + PROBLEM))));
		}

		private static Schema<?> problem() {
			Schema<?> error = new JsonSchema().typesItem("object")
				.addProperty("field", new JsonSchema().typesItem("string").description("the field, as in the request"))
				.addProperty("message", new JsonSchema().typesItem("string"))
				.required(List.of("field", "message"));
			return new JsonSchema().typesItem("object")
				.description("An RFC 9457 problem detail.")
				.addProperty("type", new JsonSchema().typesItem("string").format("uri"))
				.addProperty("title", new JsonSchema().typesItem("string"))
				.addProperty("status", new JsonSchema().typesItem("integer").format("int32"))
				.addProperty("detail",
						new JsonSchema().typesItem("string").description("what went wrong, for a person"))
				.addProperty("instance", new JsonSchema().typesItem("string").format("uri"))
				.addProperty("errors",
						new JsonSchema().typesItem("array").items(error).description("each invalid field, on a 400"))
				.required(List.of("title", "status"));
		}

	}

}

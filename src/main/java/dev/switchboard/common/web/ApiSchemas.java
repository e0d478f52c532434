package dev.switchboard.common.web;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.PropertyNamingStrategy;
import com.fasterxml.jackson.databind.introspect.AnnotatedField;
import com.fasterxml.jackson.databind.introspect.AnnotatedMethod;
import com.fasterxml.jackson.databind.introspect.AnnotatedParameter;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.core.jackson.TypeNameResolver;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.media.Discriminator;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.Schema;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.annotation.JsonNaming;
import tools.jackson.databind.cfg.MapperConfig;

import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * How the OpenAPI document shows the API's types: free-form JSON ({@link JsonNode}) as
 * any value, and a type Jackson reads and writes by a {@code type} name
 * ({@code @JsonTypeInfo} with {@code @JsonSubTypes}) as a {@code oneOf} of its subtypes
 * with a discriminator on that property.
 */
class ApiSchemas implements ModelConverter {

	private static final String REF = "#/components/schemas/";

	private final TypeNameResolver names = new Names();

	@Override
	public Schema<?> resolve(AnnotatedType type, ModelConverterContext context, Iterator<ModelConverter> chain) {
		JavaType javaType = Json31.mapper().constructType(type.getType());
		Class<?> raw = javaType.getRawClass();
		if (JsonNode.class.isAssignableFrom(raw)) {
			return new JsonSchema().description(description(type));
		}
		JsonTypeInfo info = raw.getAnnotation(JsonTypeInfo.class);
		JsonSubTypes subtypes = raw.getAnnotation(JsonSubTypes.class);
		if (info != null && subtypes != null && info.use() == JsonTypeInfo.Id.NAME
				&& info.include() == JsonTypeInfo.As.PROPERTY) {
			return polymorphic(javaType, info.property(), subtypes, type.isResolveAsRef(), context);
		}
		Schema<?> resolved = chain.hasNext() ? chain.next().resolve(type, context, chain) : null;
		Schema<?> model = (resolved != null && resolved.get$ref() != null)
				? context.getDefinedModels().get(resolved.get$ref().substring(REF.length())) : resolved;
		if (model != null && model.getProperties() != null) {
			model.getProperties().replaceAll((name, property) -> nullableReference(property));
		}
		return resolved;
	}

	/**
	 * Swagger marks a nullable reference {@code {type: null, $ref}}, which nothing but
	 * {@code null} matches: it is either the referenced schema or {@code null}.
	 */
	private static Schema nullableReference(Schema property) {
		if (property.get$ref() == null || property.getTypes() == null || !property.getTypes().contains("null")) {
			return property;
		}
		return new JsonSchema().description(property.getDescription())
			.anyOf(List.of(new JsonSchema().$ref(property.get$ref()), new JsonSchema().typesItem("null")));
	}

	private Schema<?> polymorphic(JavaType type, String property, JsonSubTypes subtypes, boolean asRef,
			ModelConverterContext context) {
		String name = this.names.nameForType(type);
		Schema<?> defined = context.getDefinedModels().get(name);
		if (defined == null) {
			Discriminator discriminator = new Discriminator().propertyName(property);
			List<Schema> oneOf = new ArrayList<>();
			for (JsonSubTypes.Type subtype : subtypes.value()) {
				Schema<?> schema = context.resolve(new AnnotatedType(subtype.value()).resolveAsRef(true));
				String ref = schema.get$ref();
				tagged(context.getDefinedModels().get(ref.substring(REF.length())), property, subtype.name());
				discriminator.mapping(subtype.name(), ref);
				oneOf.add(new JsonSchema().$ref(ref));
			}
			defined = new JsonSchema().oneOf(oneOf).discriminator(discriminator);
			context.defineModel(name, defined, type, null);
		}
		return asRef ? new JsonSchema().$ref(REF + name) : defined;
	}

	/** A subtype's schema names its discriminator value first. */
	private static void tagged(Schema<?> schema, String property, String value) {
		Map<String, Schema> properties = new LinkedHashMap<>();
		properties.put(property, new JsonSchema().typesItem("string")._enum(List.of(value)));
		if (schema.getProperties() != null) {
			schema.getProperties().forEach((key, existing) -> properties.putIfAbsent(key, existing));
		}
		schema.typesItem("object").setProperties(properties);
		List<String> required = new ArrayList<>(List.of(property));
		if (schema.getRequired() != null) {
			schema.getRequired().stream().filter((each) -> !each.equals(property)).forEach(required::add);
		}
		schema.setRequired(required);
	}

	private static String description(AnnotatedType type) {
		if (type.getCtxAnnotations() != null) {
			for (var annotation : type.getCtxAnnotations()) {
				if (annotation instanceof io.swagger.v3.oas.annotations.media.Schema schema
						&& !schema.description().isEmpty()) {
					return schema.description();
				}
			}
		}
		return null;
	}

	/**
	 * Schema names: a nested type is named after the types it is nested in
	 * ({@code ChannelControllerListRequest}), so that the request records of different
	 * controllers keep their own schemas.
	 */
	static final class Names extends TypeNameResolver {

		@Override
		protected String getNameOfClass(Class<?> type) {
			String name = super.getNameOfClass(type);
			io.swagger.v3.oas.annotations.media.Schema named = type
				.getAnnotation(io.swagger.v3.oas.annotations.media.Schema.class);
			if (named != null && !named.name().isEmpty()) {
				return name;
			}
			StringBuilder prefix = new StringBuilder();
			for (Class<?> outer = type.getEnclosingClass(); outer != null; outer = outer.getEnclosingClass()) {
				prefix.insert(0, outer.getSimpleName());
			}
			return prefix + name;
		}

	}

	/**
	 * Swagger introspects with Jackson 2: this names its properties as the API's Jackson
	 * 3 mapper does. Names given with {@code @JsonProperty} are kept, as Jackson keeps
	 * them, and so are those of types with a naming of their own.
	 */
	static final class Naming extends PropertyNamingStrategy {

		/**
		 * Whether a type names its properties itself (the Channels API's camelCase types,
		 * with a Jackson 3 {@code @JsonNaming}, possibly as a meta-annotation), which
		 * Swagger's Jackson 2 does not see: their names are the Java names.
		 */
		private static boolean ownNaming(Class<?> type) {
			return type != null && AnnotatedElementUtils.hasAnnotation(type, JsonNaming.class);
		}

		private final MapperConfig<?> config;

		private final tools.jackson.databind.PropertyNamingStrategy strategy;

		Naming(MapperConfig<?> config) {
			this.config = config;
			this.strategy = config.getPropertyNamingStrategy();
		}

		@Override
		public String nameForField(com.fasterxml.jackson.databind.cfg.MapperConfig<?> config, AnnotatedField field,
				String name) {
			return (this.strategy != null && !ownNaming(field.getDeclaringClass()))
					? this.strategy.nameForField(this.config, null, name) : name;
		}

		@Override
		public String nameForGetterMethod(com.fasterxml.jackson.databind.cfg.MapperConfig<?> config,
				AnnotatedMethod method, String name) {
			return (this.strategy != null && !ownNaming(method.getDeclaringClass()))
					? this.strategy.nameForGetterMethod(this.config, null, name) : name;
		}

		@Override
		public String nameForSetterMethod(com.fasterxml.jackson.databind.cfg.MapperConfig<?> config,
				AnnotatedMethod method, String name) {
			return (this.strategy != null && !ownNaming(method.getDeclaringClass()))
					? this.strategy.nameForSetterMethod(this.config, null, name) : name;
		}

		@Override
		public String nameForConstructorParameter(com.fasterxml.jackson.databind.cfg.MapperConfig<?> config,
				AnnotatedParameter parameter, String name) {
			return (this.strategy != null && !ownNaming(parameter.getDeclaringClass()))
					? this.strategy.nameForConstructorParameter(this.config, null, name) : name;
		}

	}

}

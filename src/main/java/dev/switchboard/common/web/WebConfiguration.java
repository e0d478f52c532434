package dev.switchboard.common.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.apache.tomcat.util.threads.VirtualThreadExecutor;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;

import dev.switchboard.common.error.ProblemResponses;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.util.unit.DataSize;

/**
 * The API's JSON conventions and request limits.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ SwitchboardProperties.class, LoadSheddingProperties.class })
@EnableScheduling
class WebConfiguration {

	static final DataSize MAX_REQUEST_BODY = DataSize.ofMegabytes(1);

	/**
	 * The longest pause allowed between two parts of a request body.
	 */
	static final Duration BODY_STALL_TIMEOUT = Duration.ofSeconds(5);

	/**
	 * How long after its headers a whole request body must have arrived.
	 */
	static final Duration BODY_DEADLINE = Duration.ofSeconds(10);

	private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
		.withZone(ZoneOffset.UTC);

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	/**
	 * Timestamps always as UTC with milliseconds; strings, numbers and booleans are not
	 * silently converted into one another, so a wrongly typed field is a 400.
	 */
	@Bean
	JsonMapperBuilderCustomizer apiJsonConventions() {
		SimpleModule timestamps = new SimpleModule("timestamps").addSerializer(Instant.class, new InstantSerializer());
		return (builder) -> builder.addModule(timestamps)
			.disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
			.withCoercionConfig(LogicalType.Textual,
					(config) -> config.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
			.withCoercionConfig(LogicalType.Integer,
					(config) -> config.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
			.withCoercionConfig(LogicalType.Boolean,
					(config) -> config.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail));
	}

	@Bean
	FilterRegistrationBean<RequestSizeLimitFilter> requestSizeLimitFilter(List<BodyLimit> exceptions,
			ProblemResponses problems) {
		FilterRegistrationBean<RequestSizeLimitFilter> registration = new FilterRegistrationBean<>(
				new RequestSizeLimitFilter(MAX_REQUEST_BODY.toBytes(), exceptions, BODY_DEADLINE, problems));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

	/**
	 * Runs before the security chain, so that a refused request costs no token check.
	 */
	@Bean
	FilterRegistrationBean<LoadSheddingFilter> loadSheddingFilter(LoadSheddingProperties properties,
			ProblemResponses problems, MeterRegistry registry) {
		FilterRegistrationBean<LoadSheddingFilter> registration = new FilterRegistrationBean<>(
				new LoadSheddingFilter(properties, problems, registry));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
		return registration;
	}

	@Bean
	FilterRegistrationBean<StrictTextFilter> strictTextFilter(ProblemResponses problems) {
		FilterRegistrationBean<StrictTextFilter> registration = new FilterRegistrationBean<>(
				new StrictTextFilter(problems));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
		return registration;
	}

	/**
	 * What {@code server.tomcat.*} cannot say. A body read that stalls fails after
	 * {@link #BODY_STALL_TIMEOUT}; a refused body is not drained. Requests run on virtual
	 * threads, so that the clients that are slow within those limits (up to
	 * {@code server.tomcat.max-connections} of them) cannot use up a fixed pool of
	 * threads and keep everyone else waiting.
	 */
	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> connectorLimits() {
		return (factory) -> {
			factory.addContextValves(new RefusedBodyValve());
			factory.addProtocolHandlerCustomizers((protocol) -> {
				protocol.setExecutor(new VirtualThreadExecutor("http-"));
				if (protocol instanceof AbstractHttp11Protocol<?> http) {
					http.setDisableUploadTimeout(false);
					http.setConnectionUploadTimeout((int) BODY_STALL_TIMEOUT.toMillis());
				}
			});
		};
	}

	static final class InstantSerializer extends ValueSerializer<Instant> {

		@Override
		public void serialize(Instant value, JsonGenerator generator, SerializationContext context) {
			generator.writeString(TIMESTAMP.format(value));
		}

	}

}

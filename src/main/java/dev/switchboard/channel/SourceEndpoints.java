package dev.switchboard.channel;

import java.lang.reflect.Method;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import org.springframework.util.ReflectionUtils;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Maps {@code channels.<source>.connect} and {@code channels.<source>.disconnect} (and
 * {@code channels.<source>.explore} where the source explores) to
 * {@link ChannelController} for every connector there is, so that a new source needs no
 * controller of its own. They are concrete paths, so the OpenAPI document lists each one.
 */
@Component
class SourceEndpoints implements SmartInitializingSingleton {

	private static final String PREFIX = "/channels.";

	private final RequestMappingHandlerMapping mapping;

	private final ListableBeanFactory beans;

	private final List<ChannelConnector<?>> connectors;

	SourceEndpoints(@Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mapping,
			ListableBeanFactory beans, List<ChannelConnector<?>> connectors) {
		this.mapping = mapping;
		this.beans = beans;
		this.connectors = connectors;
	}

	@Override
	public void afterSingletonsInstantiated() {
		for (ChannelConnector<?> connector : this.connectors) {
			register(connector.source(), "connect", method("connectSource", JsonNode.class));
			register(connector.source(), "disconnect",
					method("disconnectSource", ChannelController.ChannelIdRequest.class));
			if (connector.explores()) {
				register(connector.source(), "explore",
						method("exploreSource", ChannelController.SourceExploreRequest.class));
			}
		}
	}

	private void register(String source, String action, Method method) {
		RequestMappingInfo info = RequestMappingInfo.paths(PREFIX + source + "." + action)
			.methods(RequestMethod.POST)
			.options(this.mapping.getBuilderConfiguration())
			.build();
		// by bean name, as annotated handlers are, so that the OpenAPI document lists it
		this.mapping.registerMapping(info, this.beans.getBeanNamesForType(ChannelController.class)[0], method);
	}

	private static Method method(String name, Class<?> body) {
		Method method = ReflectionUtils.findMethod(ChannelController.class, name, HttpServletRequest.class, body);
		if (method == null) {
			throw new IllegalStateException("ChannelController has no " + name + " method");
		}
		return method;
	}

	/**
	 * The source a mapped request names: {@code twilio.sms} in
	 * {@code /channels.twilio.sms.connect}.
	 */
	static String source(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		return path.substring(PREFIX.length(), path.lastIndexOf('.'));
	}

}

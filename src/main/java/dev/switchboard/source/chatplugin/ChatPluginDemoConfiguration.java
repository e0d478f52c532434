package dev.switchboard.source.chatplugin;

import dev.switchboard.common.security.PublicPaths;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Serves the chat plugin's demo page and widget under {@code /chatplugin/}, publicly: the
 * application's only static resources ({@code spring.web.resources.add-mappings} stays
 * off). The dotted visitor endpoints ({@code /chatplugin.send}) are another path and keep
 * their own chain.
 */
@Configuration(proxyBeanMethods = false)
class ChatPluginDemoConfiguration implements WebMvcConfigurer {

	@Override
	public void addResourceHandlers(ResourceHandlerRegistry registry) {
		registry.addResourceHandler("/chatplugin/**").addResourceLocations("classpath:/static/chatplugin/");
	}

	@Bean
	PublicPaths chatPluginDemoPaths() {
		return PublicPaths.of("/chatplugin/*.html", "/chatplugin/*.js", "/chatplugin/*.css");
	}

}

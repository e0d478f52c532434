package dev.switchboard.inbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

import dev.switchboard.common.security.PublicPaths;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Serves the inbox from the jar: the page at {@code /}, its modules and stylesheet under
 * {@code /inbox/}, and its one library, STOMP, from the WebJar under
 * {@code /inbox/lib/stompjs/} (the version kept out of the modules' import paths). The
 * files are public; every piece of data they show comes from the API with the agent's
 * token.
 */
@Configuration(proxyBeanMethods = false)
class InboxConfiguration implements WebMvcConfigurer {

	private static final String STOMPJS = "META-INF/maven/org.webjars.npm/stomp__stompjs/pom.properties";

	@Override
	public void addViewControllers(ViewControllerRegistry registry) {
		registry.addViewController("/").setViewName("forward:/inbox/index.html");
	}

	@Override
	public void addResourceHandlers(ResourceHandlerRegistry registry) {
		// the modules change with each release and are small: the browser checks them
		// (ETag) instead of keeping a stale copy
		registry.addResourceHandler("/inbox/lib/stompjs/**")
			.addResourceLocations("classpath:/META-INF/resources/webjars/stomp__stompjs/" + stompJsVersion() + "/")
			.setCacheControl(CacheControl.noCache())
			.resourceChain(true);
		registry.addResourceHandler("/inbox/**")
			.addResourceLocations("classpath:/static/inbox/")
			.setCacheControl(CacheControl.noCache())
			.resourceChain(true);
	}

	@Bean
	PublicPaths inboxPaths() {
		return PublicPaths.of("/", "/inbox/**");
	}

	@Bean
	FilterRegistrationBean<InboxHeaders> inboxHeaders() {
		FilterRegistrationBean<InboxHeaders> registration = new FilterRegistrationBean<>(new InboxHeaders());
		registration.addUrlPatterns("/", "/inbox/*");
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

	private static String stompJsVersion() {
		try (InputStream in = new ClassPathResource(STOMPJS).getInputStream()) {
			Properties properties = new Properties();
			properties.load(in);
			return properties.getProperty("version");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("The STOMP WebJar is missing from the classpath", ex);
		}
	}

}

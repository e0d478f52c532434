package dev.switchboard.access;

import dev.switchboard.common.security.Endpoint;

import org.springframework.aop.Advisor;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;

@Configuration(proxyBeanMethods = false)
class AccessConfiguration {

	/**
	 * An infrastructure advisor, so method security's auto-proxying applies it to every
	 * {@link Endpoint} handler.
	 */
	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static Advisor endpointAuthorization(ObjectProvider<Resources> resources) {
		return new DefaultPointcutAdvisor(AnnotationMatchingPointcut.forMethodAnnotation(Endpoint.class),
				new EndpointAuthorization(resources));
	}

}

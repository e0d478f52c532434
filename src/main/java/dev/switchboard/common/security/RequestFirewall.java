package dev.switchboard.common.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Spring Security's strict firewall, except for methods: it refuses any it does not know
 * with a bare 400, where an endpoint's answer to a method it does not serve is a 405
 * naming those it does ({@code Allow}). No endpoint acts on a method it does not map, so
 * letting unknown ones through changes nothing else.
 */
@Configuration(proxyBeanMethods = false)
class RequestFirewall {

	@Bean
	HttpFirewall httpFirewall() {
		StrictHttpFirewall firewall = new StrictHttpFirewall();
		firewall.setUnsafeAllowAnyHttpMethod(true);
		return firewall;
	}

}

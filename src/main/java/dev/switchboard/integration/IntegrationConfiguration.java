package dev.switchboard.integration;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ IntegrationProperties.class, InstagramLoginProperties.class })
class IntegrationConfiguration {

}

package dev.switchboard.source.meta;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/**
 * The Meta app's settings, which Messenger, Instagram and WhatsApp all read.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(FacebookProperties.class)
class MetaConfiguration {

}

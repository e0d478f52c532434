package dev.switchboard.source.meta;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/**
 * The Meta app's settings, which Messenger, Instagram and WhatsApp all read, and those of
 * the onboarding flows.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ FacebookProperties.class, InstagramLoginProperties.class, OnboardingProperties.class })
class MetaConfiguration {

}

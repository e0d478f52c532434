package dev.switchboard.media;

import dev.switchboard.common.security.PublicPaths;
import dev.switchboard.common.web.BodyLimit;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Upload and link URLs carry their own signed credentials; uploads have the media limit,
 * not the API's 1 MiB.
 */
@Configuration(proxyBeanMethods = false)
class MediaConfiguration {

	@Bean
	PublicPaths mediaPaths() {
		return PublicPaths.of("/media/**");
	}

	@Bean
	BodyLimit mediaUploadBodyLimit(MediaProperties properties) {
		return BodyLimit.of(properties.maxSize(), "/media/uploads/**");
	}

}

package dev.switchboard.media;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param maxSize the largest file the service stores
 */
@ConfigurationProperties("switchboard.media")
public record MediaProperties(@DefaultValue("16MB") DataSize maxSize) {

}

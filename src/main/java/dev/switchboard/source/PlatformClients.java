package dev.switchboard.source;

import java.net.http.HttpClient;

import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * The one {@link RestClient.Builder} every platform client is built from: the shared
 * timeouts, so that a platform that does not answer is treated as down and the delivery
 * worker retries instead of holding a sender. Each client sets its base URL from
 * configuration and reads answers with {@link PlatformHttp#answer}. A new builder per
 * injection point, as builders are mutable, all on one pooled HTTP client.
 */
@Configuration(proxyBeanMethods = false)
class PlatformClients {

	// one HTTP client for every platform: its pool keeps connections alive between sends,
	// so a delivery costs no TCP (or TLS) handshake
	private final HttpClient http = HttpClient.newBuilder().connectTimeout(PlatformHttp.CONNECT_TIMEOUT).build();

	@Bean
	@Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
	RestClient.Builder platformRestClientBuilder() {
		JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(this.http);
		factory.setReadTimeout(PlatformHttp.READ_TIMEOUT);
		return RestClient.builder().requestFactory(factory);
	}

}

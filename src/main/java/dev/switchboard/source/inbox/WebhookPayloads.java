package dev.switchboard.source.inbox;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.FormHttpMessageConverter;
import org.springframework.stereotype.Component;
import org.springframework.util.MultiValueMap;

/**
 * Reads stored webhook bodies into their handlers' payload types: form posts with
 * Spring's form converter, JSON with the application's mapper. A body that cannot be read
 * is logged (never its content) and ignored: a retry would not read it either.
 */
@Component
class WebhookPayloads {

	private static final Logger log = LoggerFactory.getLogger(WebhookPayloads.class);

	private final FormHttpMessageConverter forms = new FormHttpMessageConverter();

	private final JsonMapper json;

	WebhookPayloads(JsonMapper json) {
		this.json = json;
	}

	@SuppressWarnings("unchecked")
	<P> Optional<P> read(WebhookEvent event, Class<P> type) {
		try {
			if (MultiValueMap.class.isAssignableFrom(type)) {
				return Optional.of((P) this.forms.read(null, message(event)));
			}
			return Optional.ofNullable(this.json.readValue(event.body(), type));
		}
		catch (IOException | RuntimeException ex) {
			log.warn("Ignored {} webhook event {}: its body is not a {} payload ({})", event.source(), event.id(),
					type.getSimpleName(), ex.getClass().getSimpleName());
			return Optional.empty();
		}
	}

	private static HttpInputMessage message(WebhookEvent event) {
		HttpHeaders headers = new HttpHeaders();
		headers.setContentType((event.contentType() != null) ? MediaType.parseMediaType(event.contentType())
				: MediaType.APPLICATION_FORM_URLENCODED);
		return new HttpInputMessage() {
			@Override
			public InputStream getBody() {
				return new ByteArrayInputStream(event.body());
			}

			@Override
			public HttpHeaders getHeaders() {
				return headers;
			}
		};
	}

}

package dev.switchboard.common.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;

import dev.switchboard.common.error.BadRequestException;

import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.AbstractJacksonHttpMessageConverter;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

/**
 * Checks the text of every JSON body the API binds into a request ({@link StrictText}): a
 * 400 instead of a 500 from the database or silently altered text. Bodies read as raw
 * bytes (the platforms' signed webhooks) do not pass through here and reach their
 * controller untouched.
 */
@ControllerAdvice
class StrictJsonBodies extends RequestBodyAdviceAdapter {

	@Override
	public boolean supports(MethodParameter parameter, Type targetType,
			Class<? extends HttpMessageConverter<?>> converterType) {
		return AbstractJacksonHttpMessageConverter.class.isAssignableFrom(converterType);
	}

	@Override
	public HttpInputMessage beforeBodyRead(HttpInputMessage message, MethodParameter parameter, Type targetType,
			Class<? extends HttpMessageConverter<?>> converterType) throws IOException {
		byte[] body = message.getBody().readAllBytes();
		String problem = StrictText.jsonProblem(body);
		if (problem != null) {
			throw new BadRequestException(problem);
		}
		return new CheckedBody(message.getHeaders(), body);
	}

	private record CheckedBody(HttpHeaders headers, byte[] body) implements HttpInputMessage {

		@Override
		public HttpHeaders getHeaders() {
			return this.headers;
		}

		@Override
		public InputStream getBody() {
			return new ByteArrayInputStream(this.body);
		}

	}

}

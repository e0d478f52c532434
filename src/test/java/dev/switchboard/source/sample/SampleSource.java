package dev.switchboard.source.sample;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.validation.constraints.NotBlank;

import dev.switchboard.channel.ChannelConnector;
import dev.switchboard.channel.ChannelRegistration;
import dev.switchboard.common.security.PublicPaths;
import dev.switchboard.message.Inbound;
import dev.switchboard.message.MessageContent;
import dev.switchboard.message.MessageSender;
import dev.switchboard.message.OutboundMessage;
import dev.switchboard.message.SendResult;
import dev.switchboard.source.inbox.WebhookEvent;
import dev.switchboard.source.inbox.WebhookHandler;
import dev.switchboard.source.inbox.WebhookInbox;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * A whole source in one package of the test tree, written the way a new platform would
 * be: its connector, webhook, payload and mapping, and sender. Nothing outside this
 * package knows it.
 */
@TestConfiguration(proxyBeanMethods = false)
public class SampleSource {

	static final String SOURCE = "sample";

	@Bean
	Connector sampleConnector() {
		return new Connector();
	}

	@Bean
	Handler sampleHandler() {
		return new Handler();
	}

	@Bean
	Sender sampleSender() {
		return new Sender();
	}

	/** The platform's webhook: stored before the 200, like every source's. */
	@Bean
	RouterFunction<ServerResponse> sampleWebhook(WebhookInbox inbox) {
		return RouterFunctions.route().POST("/sample", (request) -> {
			inbox.store(SOURCE, "application/json", request.body(byte[].class));
			return ServerResponse.ok().build();
		}).build();
	}

	@Bean
	PublicPaths sampleWebhookPath() {
		return PublicPaths.of("/sample");
	}

	static class Connector implements ChannelConnector<Connector.Request> {

		@Override
		public String source() {
			return SOURCE;
		}

		@Override
		public Class<Request> requestType() {
			return Request.class;
		}

		@Override
		public ChannelRegistration register(Request request) {
			return new ChannelRegistration(request.number(), "Sample " + request.number(), null,
					Map.of("key", request.key()), Map.of());
		}

		@Override
		public String webhookPath() {
			return "/sample";
		}

		record Request(@NotBlank String number, @NotBlank String key) {
		}

	}

	static class Handler implements WebhookHandler<Handler.Delivery> {

		@Override
		public String source() {
			return SOURCE;
		}

		@Override
		public Class<Delivery> payloadType() {
			return Delivery.class;
		}

		@Override
		public List<Inbound> translate(Delivery delivery, WebhookEvent event) {
			return delivery.messages()
				.stream()
				.<Inbound>map((message) -> new Inbound.Message(new Inbound.Account(SOURCE, delivery.to()),
						Inbound.Contact.named(message.from(), message.fromName()), Inbound.Sender.contact(),
						message.id(), new MessageContent.Text(message.body()), null, null))
				.toList();
		}

		record Delivery(String to, List<Message> messages) {

			record Message(String id, String from, String fromName, String body) {
			}

		}

	}

	static class Sender implements MessageSender {

		final List<OutboundMessage> sent = new CopyOnWriteArrayList<>();

		@Override
		public String source() {
			return SOURCE;
		}

		@Override
		public SendResult send(OutboundMessage message) {
			this.sent.add(message);
			return new SendResult.Delivered("sample-" + this.sent.size());
		}

	}

}

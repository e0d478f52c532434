package dev.switchboard;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.validation.constraints.NotBlank;
import tools.jackson.databind.json.JsonMapper;

import dev.switchboard.channel.ChannelConnector;
import dev.switchboard.channel.ChannelRegistration;
import dev.switchboard.common.error.BadRequestException;
import dev.switchboard.message.Inbound;
import dev.switchboard.message.MessageContent;
import dev.switchboard.message.MessageSender;
import dev.switchboard.message.OutboundMessage;
import dev.switchboard.message.SendResult;
import dev.switchboard.source.inbox.WebhookEvent;
import dev.switchboard.source.inbox.WebhookHandler;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * A platform for tests: source {@code fake}, whose channels carry a token and whose
 * sender answers as the test scripts it and records what it was sent.
 */
@TestConfiguration(proxyBeanMethods = false)
public class FakeSource {

	public static final String SOURCE = "fake";

	@Bean
	Connector fakeConnector() {
		return new Connector();
	}

	@Bean
	Sender fakeSender() {
		return new Sender();
	}

	@Bean
	Webhooks fakeWebhooks() {
		return new Webhooks();
	}

	/**
	 * Handles {@code fake} webhooks: {@code {"account", "contact", "mid", "text"}} is a
	 * contact's message; the handler fails the number of times the test asks first.
	 */
	public static class Webhooks implements WebhookHandler<Webhooks.Payload> {

		private final AtomicInteger failuresLeft = new AtomicInteger();

		private final Set<String> failingMids = ConcurrentHashMap.newKeySet();

		public void failNext(int times) {
			this.failuresLeft.set(times);
		}

		/**
		 * Fails every delivery of the message with this id until {@link #reset()}.
		 */
		public void failMessage(String mid) {
			this.failingMids.add(mid);
		}

		public void reset() {
			this.failuresLeft.set(0);
			this.failingMids.clear();
		}

		@Override
		public String source() {
			return SOURCE;
		}

		@Override
		public Class<Payload> payloadType() {
			return Payload.class;
		}

		@Override
		public List<Inbound> translate(Payload payload, WebhookEvent event) {
			if (this.failuresLeft.getAndDecrement() > 0
					|| (payload.mid() != null && this.failingMids.contains(payload.mid()))) {
				throw new IllegalStateException("simulated failure");
			}
			return List
				.of(new Inbound.Message(new Inbound.Account(SOURCE, payload.account()),
						Inbound.Contact.of(payload.contact()),
						Boolean.TRUE.equals(payload.business()) ? Inbound.Sender.business("app")
								: Inbound.Sender.contact(),
						payload.mid(), new MessageContent.Text(payload.text()),
						JsonMapper.shared().valueToTree(payload), null));
		}

		/**
		 * A {@code fake} delivery.
		 *
		 * @param account the channel's platform id
		 * @param contact the contact's platform id
		 * @param mid the message id
		 * @param text the text
		 * @param business whether the business sent it (an echo), not the contact
		 */
		public record Payload(String account, String contact, String mid, String text, Boolean business) {
		}

	}

	/**
	 * Connects {@code fake} channels; a token {@code "bad"} is rejected by the
	 * "platform".
	 */
	public static class Connector implements ChannelConnector<Connector.Request> {

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
			if ("bad".equals(request.token())) {
				throw new BadRequestException("The fake platform rejected the token.");
			}
			return new ChannelRegistration(request.accountId(), "Fake " + request.accountId(), null,
					Map.of("token", request.token()), Map.of("account", request.accountId()));
		}

		@Override
		public String webhookPath() {
			return "/fake";
		}

		public record Request(@NotBlank String accountId, @NotBlank String token) {
		}

	}

	/**
	 * Sends as scripted (delivered by default), recording every attempt.
	 */
	public static class Sender implements MessageSender {

		private final List<OutboundMessage> attempts = new CopyOnWriteArrayList<>();

		private volatile Function<OutboundMessage, SendResult> script = (message) -> new SendResult.Delivered(
				"fake-" + message.messageId());

		@Override
		public String source() {
			return SOURCE;
		}

		@Override
		public Optional<String> refuse(MessageContent content) {
			return (content instanceof MessageContent.Template) ? Optional.of("no templates here") : Optional.empty();
		}

		@Override
		public boolean canStartConversations() {
			return true;
		}

		@Override
		public SendResult send(OutboundMessage message) {
			this.attempts.add(message);
			return this.script.apply(message);
		}

		public void script(Function<OutboundMessage, SendResult> script) {
			this.script = script;
		}

		public List<OutboundMessage> attempts() {
			return this.attempts;
		}

		public void reset() {
			this.attempts.clear();
			this.script = (message) -> new SendResult.Delivered("fake-" + message.messageId());
		}

	}

}

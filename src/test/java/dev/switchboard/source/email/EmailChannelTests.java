package dev.switchboard.source.email;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import dev.switchboard.Api.Response;
import dev.switchboard.ConversationLocks;
import dev.switchboard.IntegrationTests;
import dev.switchboard.conversation.ConversationService;
import dev.switchboard.source.email.EmailRecords.Position;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;
import org.springframework.transaction.support.TransactionTemplate;

import static dev.switchboard.Api.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The email channel against a real IMAP and SMTP server (GreenMail) and, for the answers
 * GreenMail cannot give, a scripted SMTP server: mail in, replies out in the same thread.
 */
@ExtendWith(OutputCaptureExtension.class)
class EmailChannelTests extends IntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private static final Mailboxes mailboxes = new Mailboxes();

	@Autowired
	private MailboxWatchers watchers;

	@Autowired
	private EmailInbound inbound;

	@Autowired
	private ConversationService conversationService;

	@Autowired
	private TransactionTemplate transaction;

	private String admin;

	@AfterAll
	static void stopMailboxes() {
		mailboxes.close();
	}

	@BeforeEach
	void connectTheSupportMailbox() throws Exception {
		mailboxes.purge();
		this.admin = this.api.admin();
	}

	@Test
	void aMailBecomesAMessageOfItsSendersConversation() {
		String channelId = connect();
		mailboxes.deliver(Mailboxes.mail("<first@example.com>", "Order 42", "Where is my order?"));

		JsonNode message = onlyMessage();
		assertThat(message.path("content").path("type").asString()).isEqualTo("text");
		assertThat(message.path("content").path("text").asString()).isEqualTo("Where is my order?");
		assertThat(message.path("sender_type").asString()).isEqualTo("source_contact");
		JsonNode source = message.path("metadata").path("source");
		assertThat(source.path("subject").asString()).isEqualTo("Order 42");
		assertThat(source.path("from").asString()).isEqualTo("ada@example.com");
		assertThat(source.path("to").get(0).asString()).isEqualTo("Acme Support <support@acme.test>");
		assertThat(source.path("cc").get(0).asString()).isEqualTo("grace@example.com");
		assertThat(source.path("message_id").asString()).isEqualTo("<first@example.com>");

		JsonNode conversation = conversations().get(0);
		assertThat(conversation.path("channel").path("id").asString()).isEqualTo(channelId);
		assertThat(conversation.path("contact").path("display_name").asString()).isEqualTo("Ada Lovelace");
		assertThat(conversation.path("unread_message_count").asInt()).isEqualTo(1);
	}

	@Test
	void aMailboxIsAlsoAnAccountOfTheIntegrationsApi() {
		Response created = new Response(this.mvc.post()
			.uri("/api/integrations/accounts")
			.header("Authorization", "Bearer " + this.admin)
			.contentType(MediaType.APPLICATION_JSON)
			.content(this.json.writeValueAsString(body("channel", "email", "display_name", "Acme Support", "config",
					body("address", Mailboxes.SUPPORT, "imap_host", "127.0.0.1", "imap_port", mailboxes.imapPort,
							"imap_username", Mailboxes.SUPPORT, "imap_password", Mailboxes.PASSWORD, "imap_security",
							"none", "smtp_host", "127.0.0.1", "smtp_port", mailboxes.smtpPort, "smtp_username",
							Mailboxes.SUPPORT, "smtp_password", Mailboxes.PASSWORD, "smtp_security", "none"))))
			.exchange()
			.getResponse(), this.json);
		assertThat(created.status()).as(created.text()).isEqualTo(201);
		assertThat(created.text("channel")).isEqualTo("email");
		assertThat(created.text()).doesNotContain(Mailboxes.PASSWORD);
		String channelId = created.text("id");
		assertThat(this.api.post("/channels.info", this.admin, body("channel_id", channelId)).text("source"))
			.isEqualTo("email");

		mailboxes.deliver(Mailboxes.mail("<account@example.com>", "Order 7", "Is it an account too?"));
		JsonNode message = onlyMessage();
		assertThat(message.path("content").path("text").asString()).isEqualTo("Is it an account too?");
		assertThat(conversations().get(0).path("channel").path("id").asString()).isEqualTo(channelId);
	}

	@Test
	void aReplyArrivesWithTheThreadsHeadersAndItsAnswerLandsInTheSameConversation() throws Exception {
		connect();
		mailboxes.deliver(Mailboxes.mail("<first@example.com>", "Order 42", "Where is my order?"));
		String conversationId = onlyMessage().path("conversation_id").asString();

		send(conversationId, "It left today.");
		await().atMost(WAIT).until(() -> mailboxes.receivedBy("ada@example.com").size() == 1);
		MimeMessage reply = mailboxes.receivedBy("ada@example.com").get(0);
		assertThat(reply.getSubject()).isEqualTo("Re: Order 42");
		assertThat(reply.getFrom()[0].toString()).isEqualTo("Acme Support <support@acme.test>");
		assertThat(reply.getHeader("In-Reply-To", null)).isEqualTo("<first@example.com>");
		assertThat(reply.getHeader("References", null)).isEqualTo("<first@example.com>");
		assertThat(((String) reply.getContent()).strip()).isEqualTo("It left today.");
		String replyId = reply.getMessageID();
		await().atMost(WAIT)
			.until(() -> messages(conversationId).get(1).path("delivery_state").asString().equals("DELIVERED"));
		assertThat(messages(conversationId).get(1).path("metadata").path("source").path("id").asString())
			.isEqualTo(replyId);

		mailboxes.deliver("""
				Message-ID: <second@example.com>
				In-Reply-To: %s
				References: <first@example.com> %s
				From: Ada Lovelace <ada@example.com>
				To: support@acme.test
				Subject: Re: Order 42
				MIME-Version: 1.0
				Content-Type: text/plain; charset=UTF-8

				Thank you!

				On Mon, 2 Mar 2026 at 11:00, Acme Support <support@acme.test> wrote:
				> It left today.
				""".formatted(replyId, replyId));
		await().atMost(WAIT).until(() -> messages(conversationId).size() == 3);
		assertThat(conversations()).hasSize(1);
		JsonNode answer = messages(conversationId).get(2);
		assertThat(answer.path("content").path("text").asString()).isEqualTo("Thank you!");
		assertThat(answer.path("metadata").path("source").path("in_reply_to").asString()).isEqualTo(replyId);
		assertThat(answer.path("metadata").path("source").path("thread").asString()).isEqualTo("<first@example.com>");

		send(conversationId, "You are welcome.");
		await().atMost(WAIT).until(() -> mailboxes.receivedBy("ada@example.com").size() == 2);
		MimeMessage second = mailboxes.receivedBy("ada@example.com").get(1);
		assertThat(second.getSubject()).isEqualTo("Re: Order 42");
		assertThat(second.getHeader("In-Reply-To", null)).isEqualTo("<second@example.com>");
		assertThat(second.getHeader("References", null))
			.isEqualTo("<first@example.com> " + replyId + " <second@example.com>");
	}

	@Test
	void theSameMailDeliveredTwiceIsStoredOnce() {
		connect();
		String mail = Mailboxes.mail("<twice@example.com>", "Hello", "Only once, please.");
		mailboxes.deliver(mail);
		mailboxes.deliver(mail);
		mailboxes.deliver(Mailboxes.mail("<after@example.com>", "Hello", "The next one."));

		String conversationId = awaitConversation();
		await().atMost(WAIT).until(() -> messages(conversationId).size() >= 2);
		// both were written at the same minute, so their order is not fixed
		assertThat(texts(conversationId)).containsExactlyInAnyOrder("Only once, please.", "The next one.");
	}

	@Test
	void aMailWithoutMessageIdIsStoredOnceToo() {
		connect();
		String mail = """
				From: ada@example.com
				To: support@acme.test
				Subject: No id
				Date: Mon, 2 Mar 2026 10:00:00 +0000
				Content-Type: text/plain; charset=UTF-8

				I have no Message-ID.
				""";
		mailboxes.deliver(mail);
		mailboxes.deliver(mail);
		mailboxes.deliver(Mailboxes.mail("<after@example.com>", "Hello", "The next one."));

		String conversationId = awaitConversation();
		await().atMost(WAIT).until(() -> messages(conversationId).size() >= 2);
		assertThat(texts(conversationId)).containsExactlyInAnyOrder("I have no Message-ID.", "The next one.");
		assertThat(messages(conversationId).stream()
			.filter((message) -> message.path("content").path("text").asString().equals("I have no Message-ID."))
			.map((message) -> message.path("metadata").path("source").path("message_id").asString())).singleElement()
			.asString()
			.endsWith("@hash.switchboard.invalid>");
	}

	@Test
	void anHtmlOnlyMailIsReducedToItsTextWithoutTheQuotedMail() {
		connect();
		mailboxes.deliver("""
				Message-ID: <html@example.com>
				From: Ada Lovelace <ada@example.com>
				To: support@acme.test
				Subject: HTML
				MIME-Version: 1.0
				Content-Type: text/html; charset=UTF-8

				<html><head><style>p { color: red }</style></head><body>
				<p>Hello <b>there</b>,</p><p>see <a href="https://example.com/order">my order</a>.<br>Thanks</p>
				<div class="gmail_quote">On Monday, Acme wrote:<blockquote>Old news</blockquote></div>
				</body></html>
				""");

		assertThat(onlyMessage().path("content").path("text").asString())
			.isEqualTo("Hello there,\n\nsee my order (https://example.com/order).\nThanks");
	}

	@Test
	void attachmentsAndInlineImagesAreStoredAsMedia() {
		connect();
		mailboxes.deliver(
				"""
						Message-ID: <files@example.com>
						From: Ada Lovelace <ada@example.com>
						To: support@acme.test
						Subject: Files
						MIME-Version: 1.0
						Content-Type: multipart/mixed; boundary="outer"

						--outer
						Content-Type: multipart/related; boundary="inner"

						--inner
						Content-Type: text/html; charset=UTF-8

						<p>The invoice and a picture: <img src="cid:pixel@example.com"></p>
						--inner
						Content-Type: image/png
						Content-Transfer-Encoding: base64
						Content-ID: <pixel@example.com>
						Content-Disposition: inline

						iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==
						--inner--
						--outer
						Content-Type: application/pdf; name="invoice.pdf"
						Content-Transfer-Encoding: base64
						Content-Disposition: attachment; filename="invoice.pdf"

						JVBERi0xLjQKJcOkw7zDtsOfCjEgMCBvYmoKPDwvVHlwZS9DYXRhbG9nPj4KZW5kb2JqCnRyYWlsZXIKPDwvUm9vdCAxIDAgUj4+CiUlRU9GCg==
						--outer--
						""");

		String conversationId = awaitConversation();
		await().atMost(WAIT).until(() -> messages(conversationId).size() == 3);
		List<JsonNode> messages = messages(conversationId);
		assertThat(messages.get(0).path("content").path("text").asString()).isEqualTo("The invoice and a picture:");
		JsonNode image = messages.get(1);
		assertThat(image.path("content").path("type").asString()).isEqualTo("image");
		assertThat(image.path("content").path("mime_type").asString()).isEqualTo("image/png");
		JsonNode file = messages.get(2);
		assertThat(file.path("content").path("type").asString()).isEqualTo("file");
		assertThat(file.path("content").path("name").asString()).isEqualTo("invoice.pdf");
		assertThat(file.path("content").path("mime_type").asString()).isEqualTo("application/pdf");
		for (JsonNode media : List.of(image, file)) {
			String mediaId = media.path("content").path("media_id").asString();
			String workspaceId = this.jdbc.sql("select workspace_id::text from media where id = cast(:id as uuid)")
				.param("id", mediaId)
				.query(String.class)
				.single();
			assertThat(media.path("content").path("url").asString()).isEqualTo(
					"/workspaces/" + workspaceId + "/messages/" + media.path("id").asString() + "/media/" + mediaId);
			assertThat(this.jdbc.sql("select count(*) from message_media where message_id = :m and media_id = :d")
				.param("m", UUID.fromString(media.path("id").asString()))
				.param("d", UUID.fromString(mediaId))
				.query(Integer.class)
				.single()).isEqualTo(1);
		}
	}

	@Test
	void aFileOfTheMediaStoreGoesOutAsAnAttachment() throws Exception {
		String channelId = connect();
		mailboxes.deliver(
				"""
						Message-ID: <invoice@example.com>
						From: Ada Lovelace <ada@example.com>
						To: support@acme.test
						Subject: Invoice
						MIME-Version: 1.0
						Content-Type: multipart/mixed; boundary="outer"

						--outer
						Content-Type: text/plain; charset=UTF-8

						Is this right?
						--outer
						Content-Type: application/pdf; name="invoice.pdf"
						Content-Transfer-Encoding: base64
						Content-Disposition: attachment; filename="invoice.pdf"

						JVBERi0xLjQKJcOkw7zDtsOfCjEgMCBvYmoKPDwvVHlwZS9DYXRhbG9nPj4KZW5kb2JqCnRyYWlsZXIKPDwvUm9vdCAxIDAgUj4+CiUlRU9GCg==
						--outer--
						""");
		String conversationId = awaitConversation();
		await().atMost(WAIT).until(() -> messages(conversationId).size() == 2);
		byte[] pdf = Base64.getDecoder()
			.decode("JVBERi0xLjQKJcOkw7zDtsOfCjEgMCBvYmoKPDwvVHlwZS9DYXRhbG9nPj4KZW5kb2JqCnRyYWlsZXIKPDwvUm9vdCAxIDAgUj4+CiUlRU9GCg==");
		Response upload = this.api.post("/media.upload-url", this.admin, body("channel_id", channelId, "content_type",
				"application/pdf", "filename", "invoice.pdf", "size", pdf.length));
		assertThat(upload.status()).as(upload.text()).isEqualTo(200);
		String uploadPath = upload.text("upload_url").substring("http://localhost:8080".length());
		assertThat(this.mvc.put()
			.uri(uploadPath)
			.contentType(MediaType.APPLICATION_OCTET_STREAM)
			.content(pdf)
			.exchange()
			.getResponse()
			.getStatus()).isLessThan(300);
		String url = upload.text("media_url");

		Response sent = this.api.post("/messages.send", this.admin, body("conversation_id", conversationId, "message",
				body("text", "Corrected, see attached.", "attachment", body("type", "file", "url", url))));
		assertThat(sent.status()).as(sent.text()).isEqualTo(200);
		await().atMost(WAIT).until(() -> mailboxes.receivedBy("ada@example.com").size() == 1);
		MimeMessage reply = mailboxes.receivedBy("ada@example.com").get(0);
		assertThat(reply.getSubject()).isEqualTo("Re: Invoice");
		MimeMultipart parts = (MimeMultipart) reply.getContent();
		assertThat(((String) parts.getBodyPart(0).getContent()).strip()).isEqualTo("Corrected, see attached.");
		assertThat(parts.getBodyPart(1).getFileName()).isEqualTo("invoice.pdf");
		assertThat(parts.getBodyPart(1).getContentType()).startsWith("application/pdf");
		assertThat(parts.getBodyPart(1).getInputStream().readAllBytes()).startsWith("%PDF-1.4".getBytes());
	}

	@Test
	void anAttachmentFromElsewhereFailsTheMessage() {
		connect();
		mailboxes.deliver(Mailboxes.mail("<first@example.com>", "Order 42", "Where is my order?"));
		String conversationId = onlyMessage().path("conversation_id").asString();

		Response sent = this.api.post("/messages.send", this.admin, body("conversation_id", conversationId, "message",
				body("attachment", body("type", "file", "url", "https://example.com/media/not-ours.pdf"))));
		assertThat(sent.status()).as(sent.text()).isEqualTo(200);
		await().atMost(WAIT)
			.until(() -> messages(conversationId).get(1).path("delivery_state").asString().equals("FAILED"));
		assertThat(messages(conversationId).get(1).path("metadata").path("error").asString())
			.startsWith("An email attachment must be a file of this workspace's media store");
	}

	@Test
	void aMalformedMailIsRecordedAsUnsupportedAndTheNextOneStillArrives() {
		connect();
		mailboxes.deliver("""
				Message-ID: <broken@example.com>
				From: Ada Lovelace <ada@example.com>
				To: support@acme.test
				Subject: Broken
				MIME-Version: 1.0
				Content-Type: multipart/mixed; boundary="never-used"

				There is no boundary in here.
				""");
		mailboxes.deliver(Mailboxes.mail("<fine@example.com>", "Fine", "This one is fine."));

		String conversationId = awaitConversation();
		await().atMost(WAIT).until(() -> messages(conversationId).size() == 2);
		JsonNode broken = messages(conversationId).stream()
			.filter((message) -> message.path("content").path("type").asString().equals("unsupported"))
			.findFirst()
			.orElseThrow();
		assertThat(broken.path("source_content").path("reason").asString()).startsWith("The mail could not be read: ");
		assertThat(broken.path("metadata").path("source").path("subject").asString()).isEqualTo("Broken");
		assertThat(texts(conversationId)).contains("This one is fine.");
	}

	@Test
	void textInAnotherCharsetIsDecoded() {
		connect();
		mailboxes.deliver("""
				Message-ID: <latin1@example.com>
				From: =?ISO-8859-1?Q?J=FCrgen_M=FCller?= <juergen@example.com>
				To: support@acme.test
				Subject: =?ISO-8859-1?Q?Gr=FC=DFe?=
				MIME-Version: 1.0
				Content-Type: text/plain; charset=ISO-8859-1
				Content-Transfer-Encoding: quoted-printable

				Sch=F6ne Gr=FC=DFe aus K=F6ln
				""");

		JsonNode message = onlyMessage();
		assertThat(message.path("content").path("text").asString()).isEqualTo("Schöne Grüße aus Köln");
		assertThat(message.path("metadata").path("source").path("subject").asString()).isEqualTo("Grüße");
		assertThat(conversations().get(0).path("contact").path("display_name").asString()).isEqualTo("Jürgen Müller");
	}

	@Test
	void aTemporarySmtpRefusalIsRetriedUntilTheMailIsTaken() throws Exception {
		try (FakeSmtpServer smtp = new FakeSmtpServer()) {
			smtp.dataAnswers.add("451 4.3.0 Mailbox busy, try again later");
			connect(mailboxes.connectRequest(Mailboxes.PASSWORD, smtp.port()));
			mailboxes.deliver(Mailboxes.mail("<first@example.com>", "Order 42", "Where is my order?"));
			String conversationId = onlyMessage().path("conversation_id").asString();

			send(conversationId, "It left today.");
			await().atMost(WAIT)
				.until(() -> messages(conversationId).get(1).path("delivery_state").asString().equals("DELIVERED"));
			assertThat(smtp.mails).hasSize(2);
			assertThat(smtp.mails.get(1)).contains("Subject: Re: Order 42").contains("It left today.");
		}
	}

	@Test
	void aPermanentSmtpRefusalFailsTheMessageWithTheServersAnswer() throws Exception {
		try (FakeSmtpServer smtp = new FakeSmtpServer()) {
			smtp.recipientAnswer = "550 5.1.1 <ada@example.com>: no such user";
			connect(mailboxes.connectRequest(Mailboxes.PASSWORD, smtp.port()));
			mailboxes.deliver(Mailboxes.mail("<first@example.com>", "Order 42", "Where is my order?"));
			String conversationId = onlyMessage().path("conversation_id").asString();

			send(conversationId, "It left today.");
			await().atMost(WAIT)
				.until(() -> messages(conversationId).get(1).path("delivery_state").asString().equals("FAILED"));
			JsonNode failed = messages(conversationId).get(1);
			assertThat(failed.path("metadata").path("error").asString()).contains("550 5.1.1").contains("no such user");
			assertThat(failed.path("metadata").path("source").path("error").path("code").asInt()).isEqualTo(550);
		}
	}

	@Test
	void aWrongPasswordAtConnectIsABadRequestWithTheServersAnswer(CapturedOutput output) {
		Response imap = this.api.post("/channels.email.connect", this.admin,
				mailboxes.connectRequest("wrong-pass-Zq81", mailboxes.smtpPort));
		assertThat(imap.status()).isEqualTo(400);
		assertThat(imap.text("detail")).startsWith("The IMAP server refused the login: ");
		assertThat(imap.text()).doesNotContain("wrong-pass-Zq81");
		assertThat(output.getAll()).doesNotContain("wrong-pass-Zq81");

		Response smtp = this.api.post("/channels.email.connect", this.admin,
				mailboxes.connectRequest(Mailboxes.PASSWORD, Mailboxes.freePort()));
		assertThat(smtp.status()).isEqualTo(400);
		assertThat(smtp.text("detail")).startsWith("The SMTP server could not be used: ");
		assertThat(this.api.post("/channels.list", this.admin).body().path("data")).isEmpty();
	}

	@Test
	void aConnectRequestWithoutItsServersIsABadRequest() {
		Response response = this.api.post("/channels.email.connect", this.admin,
				body("address", "not an address", "name", "Support"));
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.text()).contains("address").contains("imap").contains("smtp");
	}

	@Test
	void aPasswordTheServerLaterRefusesFlagsTheChannel(CapturedOutput output) {
		String channelId = connect();
		mailboxes.restart("a-new-password");
		try {
			await().atMost(WAIT)
				.until(() -> this.api.post("/channels.info", this.admin, body("channel_id", channelId))
					.body()
					.path("needs_reconnection")
					.asBoolean());

			Response again = this.api.post("/channels.email.connect", this.admin,
					mailboxes.connectRequest("a-new-password", mailboxes.smtpPort));
			assertThat(again.status()).as(again.text()).isEqualTo(200);
			assertThat(again.text("id")).isEqualTo(channelId);
			assertThat(again.body().path("needs_reconnection").asBoolean()).isFalse();
			mailboxes.deliver(Mailboxes.mail("<back@example.com>", "Back", "Working again?"));
			assertThat(onlyMessage().path("content").path("text").asString()).isEqualTo("Working again?");
			assertThat(output.getAll()).doesNotContain(Mailboxes.PASSWORD).doesNotContain("a-new-password");
		}
		finally {
			mailboxes.restart(Mailboxes.PASSWORD);
		}
	}

	@Test
	void aDisconnectedMailboxIsNoLongerWatched() {
		String channelId = connect();
		mailboxes.deliver(Mailboxes.mail("<first@example.com>", "Order 42", "Where is my order?"));
		awaitConversation();
		assertThat(this.api.post("/channels.email.disconnect", this.admin, body("channel_id", channelId)).status())
			.isEqualTo(200);

		mailboxes.deliver(Mailboxes.mail("<late@example.com>", "Order 42", "Anyone there?"));
		await().atMost(WAIT).until(() -> this.watchers.watching() == 0);
		assertThat(this.jdbc.sql("select count(*) from messages").query(Integer.class).single()).isEqualTo(1);
	}

	/**
	 * An agent's read of a sender's conversation holds its lock while the sender's next
	 * mail is received: the mail locks the conversation before its first write (the
	 * mailbox's position), so its events come after the read's and the last one shows the
	 * conversation's final state. Locked only when its message was stored, the mail's
	 * event came before the read's.
	 */
	@Test
	void aMailLocksItsSendersConversationBeforeItsFirstWrite() throws Exception {
		UUID channelId = UUID.fromString(connect());
		mailboxes.deliver(Mailboxes.mail("<first@example.com>", "Order 42", "Where is my order?"));
		onlyMessage();
		UUID conversation = UUID.fromString(awaitConversation());
		UUID workspaceId = this.jdbc.sql("select workspace_id from channels where id = :id")
			.param("id", channelId)
			.query(UUID.class)
			.single();
		Position position = this.jdbc.sql("select uid_validity, last_uid from email_mailboxes where channel_id = :id")
			.param("id", channelId)
			.query((rs, row) -> new Position(rs.getLong(1), rs.getLong(2)))
			.single();
		IncomingMail next = new IncomingMail("<second@example.com>", List.of("<first@example.com>"), "Re: Order 42",
				"ada@example.com", "Ada Lovelace", List.of(Mailboxes.SUPPORT), List.of(), null, "Any news?", List.of());

		CountDownLatch holding = new CountDownLatch(1);
		try (ExecutorService agent = Executors.newSingleThreadExecutor()) {
			Future<?> reading = agent.submit(
					() -> new ConversationLocks(this.jdbc, this.transaction, this.conversationService).holdThenWrite(
							workspaceId, conversation, holding, () -> this.conversationService.markRead(conversation)));
			assertThat(holding.await(20, TimeUnit.SECONDS)).isTrue();
			this.inbound.receive(new Mailbox(channelId, workspaceId, Mailboxes.SUPPORT, "Support", null, null),
					position, next);
			reading.get(20, TimeUnit.SECONDS);
		}

		await().atMost(WAIT)
			.until(() -> this.jdbc.sql("select count(*) from events where position is null")
				.query(Long.class)
				.single() == 0);
		List<Integer> unread = this.jdbc.sql("""
				select (payload ->> 'unread_message_count')::int from events
				where conversation_id = :id and type = 'conversation.updated' order by position""")
			.param("id", conversation)
			.query(Integer.class)
			.list();
		assertThat(unread.getLast()).as("the mail's update, after the read's").isEqualTo(1);
		assertThat(unread).containsSubsequence(0, 1);
	}

	private String connect() {
		return connect(mailboxes.connectRequest());
	}

	private String connect(Object request) {
		Response connected = this.api.post("/channels.email.connect", this.admin, request);
		assertThat(connected.status()).as(connected.text()).isEqualTo(200);
		assertThat(connected.text("source")).isEqualTo("email");
		assertThat(connected.text("source_channel_id")).isEqualTo(Mailboxes.SUPPORT);
		assertThat(connected.text()).doesNotContain(Mailboxes.PASSWORD);
		String stored = this.jdbc
			.sql("select settings::text || encode(credentials, 'escape') from channels where id = cast(:id as uuid)")
			.param("id", connected.text("id"))
			.query(String.class)
			.single();
		assertThat(stored).contains("imap.host").doesNotContain(Mailboxes.PASSWORD);
		return connected.text("id");
	}

	private void send(String conversationId, String text) {
		Response sent = this.api.post("/messages.send", this.admin,
				body("conversation_id", conversationId, "message", body("text", text)));
		assertThat(sent.status()).as(sent.text()).isEqualTo(200);
	}

	private List<JsonNode> conversations() {
		return this.api.post("/conversations.list", this.admin).body().path("data").valueStream().toList();
	}

	private String awaitConversation() {
		await().atMost(WAIT).until(() -> conversations().size() == 1);
		return conversations().get(0).path("id").asString();
	}

	private JsonNode onlyMessage() {
		String conversationId = awaitConversation();
		await().atMost(WAIT).until(() -> !messages(conversationId).isEmpty());
		return messages(conversationId).get(0);
	}

	private List<JsonNode> messages(String conversationId) {
		return this.api.post("/messages.list", this.admin, body("conversation_id", conversationId))
			.body()
			.path("data")
			.valueStream()
			.toList();
	}

	private List<String> texts(String conversationId) {
		return messages(conversationId).stream()
			.map((message) -> message.path("content").path("text").asString())
			.toList();
	}

}

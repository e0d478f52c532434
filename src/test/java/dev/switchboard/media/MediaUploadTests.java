package dev.switchboard.media;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.switchboard.Api.Response;
import dev.switchboard.IntegrationTests;
import dev.switchboard.message.MessageContent;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import static dev.switchboard.Api.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Presigned uploads: signed, expiring, single-use, within the size limit and of the
 * declared type.
 */
class MediaUploadTests extends IntegrationTests {

	private static final String PUBLIC_URL = "http://localhost:8080";

	private static final byte[] PNG = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D',
			'R', 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0 };

	private static final byte[] PDF = "%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n".getBytes();

	@Autowired
	private MediaSignatures signatures;

	@Autowired
	private MediaService media;

	private String admin;

	private String channel;

	@BeforeEach
	void channel() {
		this.admin = this.api.admin();
		this.channel = this.api
			.post("/channels.connect", this.admin, body("source", "fake", "account_id", "a1", "token", "t"))
			.text("id");
	}

	@Test
	void theDottedFormGivesAnUploadUrlThatTakesTheFileOnce() {
		Response presigned = presign("image/png", PNG.length);

		assertThat(presigned.status()).as(presigned.text()).isEqualTo(200);
		assertThat(presigned.text("upload_method")).isEqualTo("PUT");
		assertThat(presigned.text("upload_url"))
			.startsWith(PUBLIC_URL + "/media/uploads/" + presigned.text("media_id"));
		assertThat(Instant.parse(presigned.text("expires_at"))).isBetween(Instant.now().plusSeconds(14 * 60),
				Instant.now().plusSeconds(15 * 60 + 5));
		Response first = put(presigned.text("upload_url"), PNG);
		Response second = put(presigned.text("upload_url"), PNG);

		assertThat(first.status()).as(first.text()).isEqualTo(200);
		assertThat(second.status()).as(second.text()).isEqualTo(409);
		assertThat(second.contentType()).isEqualTo("application/problem+json");
		assertThat(this.media.content(workspaceId(), UUID.fromString(presigned.text("media_id")))).hasValue(PNG);
	}

	@Test
	void anExpiredOrForgedUploadUrlIsRefused() {
		UUID id = UUID.fromString(presign("image/png", PNG.length).text("media_id"));
		Instant past = Instant.now().minusSeconds(60);
		String expired = "/media/uploads/" + id + "?expires=" + past.getEpochSecond() + "&signature="
				+ this.signatures.sign("upload", id, past);
		String forged = "/media/uploads/" + id + "?expires=" + Instant.now().plusSeconds(600).getEpochSecond()
				+ "&signature=" + this.signatures.sign("upload", id, past);

		assertThat(put(PUBLIC_URL + expired, PNG).status()).isEqualTo(403);
		assertThat(put(PUBLIC_URL + forged, PNG).status()).isEqualTo(403);
		assertThat(put(PUBLIC_URL + "/media/uploads/" + id + "?expires=1&signature=abc", PNG).status()).isEqualTo(403);
		assertThat(this.media.find(workspaceId(), id)).isEmpty();
	}

	@Test
	void anOversizedUploadIsRefusedWhenAskedForAndWhenSent() {
		long max = this.media.maxSize();
		Response tooLarge = presign("image/png", max + 1);
		Response presigned = presign("image/png", PNG.length);
		byte[] huge = new byte[(int) max + 1];
		System.arraycopy(PNG, 0, huge, 0, PNG.length);

		assertThat(tooLarge.status()).isEqualTo(413);
		assertThat(put(presigned.text("upload_url"), huge).status()).isEqualTo(413);
		assertThat(put(presigned.text("upload_url"), new byte[PNG.length + 1]).status()).isEqualTo(400);
	}

	@Test
	void bytesOfAnotherTypeThanDeclaredAreRefusedAndTheUrlStillTakesTheRightFile() {
		Response presigned = presign("image/png", PDF.length);

		Response mistyped = put(presigned.text("upload_url"), PDF);

		assertThat(mistyped.status()).isEqualTo(415);
		assertThat(mistyped.text("detail")).contains("application/pdf").contains("image/png");
		Response pdf = presign("application/pdf", PDF.length);
		assertThat(put(pdf.text("upload_url"), PDF).status()).isEqualTo(200);
	}

	@Test
	void uploadedMediaIsServedToMembersOnItsChannelOnly() {
		Response presigned = presign("image/png", PNG.length);
		put(presigned.text("upload_url"), PNG);
		String other = this.api
			.post("/channels.connect", this.admin, body("source", "fake", "account_id", "a2", "token", "t"))
			.text("id");
		String path = presigned.text("media_url").substring(PUBLIC_URL.length());

		var served = this.mvc.get().uri(path).header(HttpHeaders.AUTHORIZATION, "Bearer " + this.admin).exchange();
		var elsewhere = this.mvc.get()
			.uri(path.replace(this.channel, other))
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + this.admin)
			.exchange();
		var anonymous = this.mvc.get().uri(path).exchange();

		assertThat(served.getResponse().getStatus()).isEqualTo(200);
		assertThat(served.getResponse().getContentAsByteArray()).isEqualTo(PNG);
		assertThat(served.getResponse().getContentType()).isEqualTo("image/png");
		assertThat(served.getResponse().getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
		assertThat(elsewhere.getResponse().getStatus()).isEqualTo(404);
		assertThat(anonymous.getResponse().getStatus()).isEqualTo(401);
	}

	@Test
	void messagesSendCarriesUploadedMediaAndThePlatformGetsASignedLink() {
		Response presigned = presign("image/png", PNG.length);
		put(presigned.text("upload_url"), PNG);
		String other = this.api
			.post("/channels.connect", this.admin, body("source", "fake", "account_id", "a2", "token", "t"))
			.text("id");

		Response sent = this.api.post("/messages.send", this.admin,
				body("channel_id", this.channel, "source_recipient_id", "contact-1", "message",
						body("attachment", body("type", "image", "url", presigned.text("media_url")))));
		Response elsewhere = this.api.post("/messages.send", this.admin,
				body("channel_id", other, "source_recipient_id", "contact-1", "message",
						body("attachment", body("type", "image", "url", presigned.text("media_url")))));

		assertThat(sent.status()).as(sent.text()).isEqualTo(200);
		assertThat(sent.text("content.url")).isEqualTo(presigned.text("media_url"));
		assertThat(elsewhere.status()).isEqualTo(400);
		await().atMost(Duration.ofSeconds(15)).until(() -> !this.fakeSender.attempts().isEmpty());
		String link = ((MessageContent.Media) this.fakeSender.attempts().get(0).content()).url();
		assertThat(link).startsWith(PUBLIC_URL + "/media/" + presigned.text("media_id") + "?expires=");
		var fetched = this.mvc.get().uri(link.substring(PUBLIC_URL.length())).exchange();
		var tampered = this.mvc.get()
			.uri(link.substring(PUBLIC_URL.length()).replace("expires=", "expires=1"))
			.exchange();
		assertThat(fetched.getResponse().getStatus()).isEqualTo(200);
		assertThat(fetched.getResponse().getContentAsByteArray()).isEqualTo(PNG);
		assertThat(tampered.getResponse().getStatus()).isEqualTo(404);
	}

	private Response presign(String type, long size) {
		return this.api.post("/media.upload-url", this.admin,
				body("channel_id", this.channel, "content_type", type, "filename", "file", "size", size));
	}

	private Response put(String url, byte[] bytes) {
		return new Response(this.mvc.put()
			.uri(url.substring(PUBLIC_URL.length()))
			.contentType(MediaType.APPLICATION_OCTET_STREAM)
			.content(bytes)
			.exchange()
			.getResponse(), this.json);
	}

	private UUID workspaceId() {
		return this.jdbc.sql("select id from workspaces").query(UUID.class).single();
	}

}

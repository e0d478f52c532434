package dev.switchboard.template;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.switchboard.Api.Response;
import dev.switchboard.IntegrationTests;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static dev.switchboard.Api.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class TemplateTests extends IntegrationTests {

	private String admin;

	private String supervisor;

	private String agent;

	@BeforeEach
	void setUp() {
		this.admin = this.api.admin();
		this.supervisor = this.api.user(this.admin, "supervisor");
		this.agent = this.api.user(this.admin, "agent");
	}

	@Test
	void aSupervisorsSavedReplyIsListedAndSentByAnAgentAndReachesTheVisitor() {
		String channelId = this.api.post("/channels.chatplugin.connect", this.admin, body("name", "Website"))
			.text("id");
		Response session = this.api.post("/chatplugin.authenticate", null, body("channel_id", channelId));
		String visitor = session.text("token");
		String conversationId = session.text("conversation_id");
		this.api.post("/chatplugin.send", visitor, body("message", body("text", "Where is my parcel?")));

		Response created = this.api.post("/templates.create", this.supervisor,
				body("name", "Shipping delay", "source", "chatplugin", "content", body("text", "Sorry for the wait!")));
		assertThat(created.status()).as(created.text()).isEqualTo(201);
		assertThat(created.text("name")).isEqualTo("Shipping delay");
		assertThat(created.text("source")).isEqualTo("chatplugin");
		assertThat(created.body().path("content").path("text").asString()).isEqualTo("Sorry for the wait!");
		String templateId = created.text("id");

		Response listed = this.api.post("/templates.list", this.agent, body("source", "chatplugin"));
		assertThat(listed.status()).isEqualTo(200);
		assertThat(names(listed)).containsExactly("Shipping delay");
		Response sent = this.api.post("/messages.send", this.agent,
				body("conversation_id", conversationId, "message", body("template_id", templateId)));

		assertThat(sent.status()).as(sent.text()).isEqualTo(200);
		assertThat(sent.body().path("content").path("text").asString()).isEqualTo("Sorry for the wait!");
		assertThat(sent.body().path("content").path("type").asString()).isEqualTo("text");
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			JsonNode messages = this.api.post("/chatplugin.messages", visitor, "{}").body().path("data");
			assertThat(messages).hasSize(2);
			assertThat(messages.get(1).path("content").path("text").asString()).isEqualTo("Sorry for the wait!");
			assertThat(messages.get(1).path("delivery_state").asString()).isEqualTo("DELIVERED");
		});
	}

	@Test
	void aTemplateItsSourceCannotCarryIsRefused() {
		Response refused = this.api.post("/templates.create", this.supervisor, body("name", "Order update", "source",
				"chatplugin", "content", body("template", body("name", "order_update", "language", "en"))));

		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.text("detail")).contains("content").contains("chatplugin source cannot carry");
		assertThat(this.api.post("/templates.list", this.agent).body().path("data")).isEmpty();
	}

	@Test
	void malformedContentAndUnknownSourcesAreRefused() {
		Response malformed = this.api.post("/templates.create", this.supervisor,
				body("name", "Broken", "content", body("attachment", body("type", "image", "url", "not a url"))));
		Response empty = this.api.post("/templates.create", this.supervisor, body("name", "Empty", "content", body()));
		Response unknown = this.api.post("/templates.create", this.supervisor,
				body("name", "Pager", "source", "pager", "content", body("text", "hi")));
		Response noName = this.api.post("/templates.create", this.supervisor,
				body("name", " ", "content", body("text", "hi")));

		assertThat(malformed.status()).isEqualTo(400);
		assertThat(malformed.body().path("errors").get(0).path("field").asString()).isEqualTo("content.attachment.url");
		assertThat(empty.status()).isEqualTo(400);
		assertThat(empty.text("detail")).startsWith("content:");
		assertThat(unknown.status()).isEqualTo(400);
		assertThat(unknown.text("detail")).contains("pager");
		assertThat(noName.status()).isEqualTo(400);
	}

	@Test
	void aTemplateOfAnotherSourceCannotBeSentHere() {
		String channelId = this.api.post("/channels.chatplugin.connect", this.admin, body("name", "Website"))
			.text("id");
		Response session = this.api.post("/chatplugin.authenticate", null, body("channel_id", channelId));
		this.api.post("/chatplugin.send", session.text("token"), body("message", body("text", "hello")));
		String facebookOnly = this.api
			.post("/templates.create", this.supervisor,
					body("name", "Hi", "source", "facebook", "content", body("text", "Hi from our page")))
			.text("id");

		Response sent = this.api.post("/messages.send", this.agent,
				body("conversation_id", session.text("conversation_id"), "message", body("template_id", facebookOnly)));

		assertThat(sent.status()).isEqualTo(400);
		assertThat(sent.text("detail")).contains("facebook").contains("chatplugin");
		assertThat(this.api
			.post("/messages.send", this.agent,
					body("conversation_id", session.text("conversation_id"), "message",
							body("template_id", facebookOnly, "text", "and more")))
			.status()).isEqualTo(400);
		assertThat(
				this.api
					.post("/messages.send", this.agent,
							body("conversation_id", session.text("conversation_id"), "message",
									body("template_id", "nope")))
					.status())
			.isEqualTo(400);
	}

	@Test
	void aTemplateOfAnotherWorkspaceIsNeverFoundNorUsable() {
		String channelId = this.api.post("/channels.chatplugin.connect", this.admin, body("name", "Website"))
			.text("id");
		Response session = this.api.post("/chatplugin.authenticate", null, body("channel_id", channelId));
		this.api.post("/chatplugin.send", session.text("token"), body("message", body("text", "hello")));
		String otherWorkspace = this.api.post("/workspaces.create", this.admin, body("name", "Other")).text("id");
		String other = this.api.post("/workspaces.switch", this.admin, body("workspace_id", otherWorkspace))
			.text("token");
		String foreign = this.api
			.post("/templates.create", other, body("name", "Secret", "content", body("text", "not yours")))
			.text("id");

		assertThat(this.api.post("/templates.info", this.admin, body("id", foreign)).status()).isEqualTo(404);
		assertThat(this.api.post("/templates.update", this.admin, body("id", foreign, "name", "Mine")).status())
			.isEqualTo(404);
		assertThat(this.api.post("/templates.delete", this.admin, body("id", foreign)).status()).isEqualTo(404);
		assertThat(this.api.post("/templates.list", this.admin).body().path("data")).isEmpty();
		Response sent = this.api.post("/messages.send", this.admin,
				body("conversation_id", session.text("conversation_id"), "message", body("template_id", foreign)));
		assertThat(sent.status()).isEqualTo(404);
		assertThat(this.api.post("/templates.info", other, body("id", foreign)).text("name")).isEqualTo("Secret");
	}

	@Test
	void agentsReadTemplatesAndSupervisorsAndAdminsManageThem() {
		String id = this.api
			.post("/templates.create", this.admin, body("name", "Greeting", "content", body("text", "Hello!")))
			.text("id");

		assertThat(this.api.post("/templates.info", this.agent, body("id", id)).status()).isEqualTo(200);
		assertThat(this.api.post("/templates.create", this.agent, body("name", "Mine", "content", body("text", "x")))
			.status()).isEqualTo(403);
		assertThat(this.api.post("/templates.update", this.agent, body("id", id, "name", "Hi")).status())
			.isEqualTo(403);
		assertThat(this.api.post("/templates.delete", this.agent, body("id", id)).status()).isEqualTo(403);

		Response updated = this.api.post("/templates.update", this.supervisor,
				body("id", id, "name", "Welcome", "content", body("text", "Welcome!")));
		assertThat(updated.status()).as(updated.text()).isEqualTo(200);
		assertThat(updated.text("name")).isEqualTo("Welcome");
		assertThat(updated.body().path("content").path("text").asString()).isEqualTo("Welcome!");
		assertThat(this.api.post("/templates.info", this.agent, body("id", id)).text("name")).isEqualTo("Welcome");
		assertThat(this.api.post("/templates.delete", this.supervisor, body("id", id)).status()).isEqualTo(200);
		assertThat(this.api.post("/templates.info", this.agent, body("id", id)).status()).isEqualTo(404);
	}

	@Test
	void namesAreUniquePerSourceWhateverTheirCase() {
		assertThat(this.api.post("/templates.create", this.admin, body("name", "Thanks", "content", body("text", "a")))
			.status()).isEqualTo(201);
		assertThat(this.api.post("/templates.create", this.admin, body("name", "thanks", "content", body("text", "b")))
			.status()).isEqualTo(409);
		assertThat(this.api
			.post("/templates.create", this.admin,
					body("name", "thanks", "source", "chatplugin", "content", body("text", "c")))
			.status()).isEqualTo(201);
		String other = this.api.post("/templates.create", this.admin, body("name", "Bye", "content", body("text", "d")))
			.text("id");
		assertThat(this.api.post("/templates.update", this.admin, body("id", other, "name", "THANKS")).status())
			.isEqualTo(409);
	}

	@Test
	void theListFiltersBySourceAndName() {
		create("Welcome", null);
		create("Welcome back", "chatplugin");
		create("Order shipped", "facebook");

		assertThat(names(this.api.post("/templates.list", this.agent))).containsExactly("Order shipped", "Welcome",
				"Welcome back");
		assertThat(names(this.api.post("/templates.list", this.agent, body("source", "chatplugin"))))
			.as("its own and those for every source")
			.containsExactly("Welcome", "Welcome back");
		assertThat(names(this.api.post("/templates.list", this.agent, body("name", "BACK"))))
			.containsExactly("Welcome back");
		assertThat(this.api.post("/templates.list", this.agent, body("source", "x".repeat(65))).status())
			.isEqualTo(400);
	}

	@Test
	void updatedContentIsCheckedAgainstTheTemplatesSource() {
		String id = this.api
			.post("/templates.create", this.admin,
					body("name", "Hi", "source", "chatplugin", "content", body("text", "Hi")))
			.text("id");

		Response refused = this.api.post("/templates.update", this.admin,
				body("id", id, "content", body("template", Map.of("name", "hello"))));

		assertThat(refused.status()).isEqualTo(400);
		assertThat(this.api.post("/templates.info", this.agent, body("id", id))
			.body()
			.path("content")
			.path("text")
			.asString()).isEqualTo("Hi");
	}

	private void create(String name, String source) {
		Response created = this.api.post("/templates.create", this.admin,
				body("name", name, "source", source, "content", body("text", name)));
		assertThat(created.status()).as(created.text()).isEqualTo(201);
	}

	private static List<String> names(Response list) {
		List<String> names = new ArrayList<>();
		list.body().path("data").forEach((template) -> names.add(template.path("name").asString()));
		return names;
	}

}

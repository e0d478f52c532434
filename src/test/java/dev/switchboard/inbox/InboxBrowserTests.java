package dev.switchboard.inbox;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;

import dev.switchboard.Browser;
import dev.switchboard.IntegrationTests;
import dev.switchboard.channel.ChannelView;
import dev.switchboard.message.Inbound;
import dev.switchboard.message.InboundMessages;
import dev.switchboard.message.MessageContent;
import dev.switchboard.message.SendResult;
import dev.switchboard.workspace.WorkspaceService;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.test.context.TestPropertySource;
import org.springframework.util.FileSystemUtils;

import static dev.switchboard.Api.PASSWORD;
import static dev.switchboard.Api.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The inbox end to end in headless Chromium on the real database: what an agent sees and
 * does, and what a second agent and a visitor see of it live. Webhooks may target the
 * receiver on localhost.
 */
@TestPropertySource(
		properties = { "switchboard.webhooks.allow-http=true", "switchboard.webhooks.allow-private-targets=true" })
class InboxBrowserTests extends IntegrationTests {

	private static final String ITEMS = "li[data-conversation-id]";

	private static final byte[] PNG = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D',
			'R', 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0 };

	@LocalServerPort
	private int port;

	@Autowired
	private InboundMessages inbound;

	@Autowired
	private WorkspaceService workspaces;

	@Autowired
	private JwtEncoder jwtEncoder;

	@Test
	void aVisitorWritesOnTheWebsiteAndTheAgentAnswersLive() {
		String admin = this.api.admin();
		this.api.user(admin, "agent");
		String channelId = this.api.post("/channels.chatplugin.connect", admin, body("name", "Website")).text("id");
		String earlier = visitorSays(channelId, "I wrote first");

		try (Browser agent = Browser.open(); Browser visitor = Browser.open()) {
			signIn(agent, "agent1@example.com");
			agent.waitFor(item(earlier));

			visitor.get(url("/chatplugin/demo.html?channel_id=" + channelId));
			visitor.clickable("[data-switchboard-chat] .sb-input").sendKeys("Hello from the website", Keys.ENTER);

			// the new conversation appears above the earlier one, without a reload
			agent.until((driver) -> agent.all(ITEMS).size() == 2);
			WebElement top = agent.all(ITEMS).get(0);
			String conversationId = top.getDomAttribute("data-conversation-id");
			assertThat(conversationId).isNotEqualTo(earlier);
			assertThat(top.getText()).contains("Hello from the website");
			assertThat(top.getDomAttribute("data-unread")).isEqualTo("1");
			agent.screenshot("inbox-list");

			top.findElement(By.cssSelector("a")).click();
			agent.waitForText(".messages [data-sender-type=source_contact]", "Hello from the website");
			agent.until((driver) -> "0".equals(agent.find(item(conversationId)).getDomAttribute("data-unread")));

			agent.find("#reply").sendKeys("Hi! How can I help?", Keys.ENTER);
			visitor.waitForText("[data-sender-type=app_user]", "Hi! How can I help?");
			agent.waitForText(".messages [data-sender-type=app_user]", "Hi! How can I help?");
			assertThat(agent.find("#reply").getDomProperty("value")).isEmpty();
			agent.screenshot("inbox-thread");
			agent.assertAccessible("the inbox with an open conversation");

			// on a phone: the thread alone, with its way back to the list
			agent.resize(390, 844);
			assertThat(agent.find(".thread .back").isDisplayed()).isTrue();
			assertThat(agent.find(".list").isDisplayed()).isFalse();
			agent.screenshot("inbox-phone");
		}
	}

	@Test
	void filtersAndChangesOfOneAgentAreSeenLiveByAnother() {
		String admin = this.api.admin();
		String first = this.api.user(admin, "agent");
		String second = this.api.user(admin, "agent");
		String firstId = this.api.post("/users.me", first).text("id");
		ChannelView channel = this.conversations.channel("acme");
		String grace = this.conversations.inbound(channel, "c-grace", "Grace Hopper", "Hello", Instant.now())
			.conversationId()
			.toString();
		String alan = this.conversations.inbound(channel, "c-alan", "Alan Turing", "Hi", Instant.now())
			.conversationId()
			.toString();
		this.api.post("/conversations.read", admin, body("conversation_id", alan));
		String vip = this.api.post("/tags.create", admin, body("name", "vip", "color", "tag-purple")).text("id");
		this.api.post("/conversations.tag", admin, body("conversation_id", alan, "tag_id", vip));

		try (Browser one = Browser.open(); Browser two = Browser.open()) {
			signIn(one, "agent1@example.com");
			signIn(two, "agent2@example.com");
			one.until((driver) -> one.all(ITEMS).size() == 2);

			one.find("button[data-view=unread]").click();
			awaitList(one, grace);
			one.find("button[data-view=all]").click();
			awaitList(one, alan, grace);
			new Select(one.find("select[name=tag]")).selectByVisibleText("vip");
			awaitList(one, alan);
			new Select(one.find("select[name=tag]")).selectByValue("");
			one.find("#search").sendKeys("hopp", Keys.ENTER);
			awaitList(one, grace);
			one.find("#search").clear();
			one.find("#search").sendKeys(Keys.ENTER);
			awaitList(one, alan, grace);

			one.find(item(grace) + " a").click();
			two.get(url("/#/inbox/" + grace));
			two.waitForText(".thread h2", "Grace Hopper");
			one.waitForText(".thread h2", "Grace Hopper");

			click(one, ".panel button", "Assign to me");
			two.until((driver) -> firstId.equals(two.find(".panel [data-assignee]").getDomAttribute("data-assignee")));

			new Select(one.find(".panel select[name=tag_id]")).selectByVisibleText("vip");
			click(one, ".panel button", "Add tag");
			two.waitForText(".panel [data-tags]", "vip");
			two.waitForText(item(grace), "vip");

			one.find(".panel input[name=key]").sendKeys("crm.owner");
			one.find(".panel input[name=value]").sendKeys("Grace");
			click(one, ".panel button", "Set");
			two.waitForText(".panel [data-key='crm.owner']", "Grace");
			assertThat(this.api.post("/conversations.info", admin, body("conversation_id", grace))
				.body()
				.path("metadata")
				.path("crm")
				.path("owner")
				.asString()).isEqualTo("Grace");
			one.screenshot("inbox-panel");
			one.find(".panel [aria-label='Remove crm.owner']").click();
			two.until((driver) -> two.all(".panel [data-key='crm.owner']").isEmpty());

			click(one, ".panel button", "Close conversation");
			two.until((driver) -> !two.all(".panel [data-state=CLOSED]").isEmpty());
			two.waitForText(item(grace), "Closed");
			two.assertAccessible("the inbox's side panel");

			// an agent has no administration, and the API refuses it anyway
			assertThat(one.all("[data-menu^='admin/']")).isEmpty();
			one.get(url("/#/admin/channels"));
			one.until((driver) -> "inbox".equals(one.find("#app").getDomAttribute("data-screen")));
			assertThat(this.api.post("/channels.chatplugin.connect", first, body("name", "Mine")).status())
				.isEqualTo(403);
			assertThat(this.api.post("/users.invite", first, body("email", "x@example.com", "role", "admin")).status())
				.isEqualTo(403);
			assertThat(this.api.post("/access-keys.list", first).status()).isEqualTo(403);
			assertThat(this.api.post("/users.list", first).status()).isEqualTo(403);
		}
	}

	@Test
	void hostileTextStaysTextAFailedReplyCanBeResentAndADroppedConnectionCatchesUp() {
		String admin = this.api.admin();
		this.api.user(admin, "agent");
		ChannelView channel = this.conversations.channel("acme");
		String hostile = "<img src=x onerror=\"window.hacked=1;alert(1)\"><script>window.hacked=2</script>"
				+ " <a href=\"javascript:alert(3)\">win</a> javascript:alert(4) https://example.com/ok";
		Instant start = Instant.now().minusSeconds(600);
		for (int i = 0; i < 35; i++) {
			this.conversations.inbound(channel, "c-eve", "<b>Eve</b>", "Earlier " + i, start.plusSeconds(i));
		}
		contactSends(channel,
				new MessageContent.Image("https://cdn.example.net/cat.png", "cat.png", "my cat", null, null), null);
		contactSends(channel, new MessageContent.Location(51.5, -0.12, "Office"), null);
		contactSends(channel, new MessageContent.Postback("Yes please", "YES"), null);
		contactSends(channel, new MessageContent.Unsupported(),
				JsonNodeFactory.instance.objectNode().put("sticker", "<script>window.hacked=3</script>"));
		String conversationId = this.conversations.inbound(channel, "c-eve", "<b>Eve</b>", hostile, Instant.now())
			.conversationId()
			.toString();
		this.fakeSender.script((message) -> new SendResult.Failed("Outside the 24-hour window: use a template.", null));

		try (Browser agent = Browser.open()) {
			signIn(agent, "agent1@example.com");
			agent.find(item(conversationId) + " a").click();
			agent.waitForText(".messages [data-sender-type=source_contact]", "<img src=x onerror=");

			assertThat(agent.find(".thread h2").getText()).isEqualTo("<b>Eve</b>");
			assertThat(agent.all("#app img, #app script, #app b")).isEmpty();
			List<String> links = agent.all(".messages a").stream().map((a) -> a.getDomAttribute("href")).toList();
			assertThat(links).contains("https://example.com/ok", "https://cdn.example.net/cat.png")
				.allMatch((link) -> link.startsWith("https://"));
			// every content type: media from another host as a link, never loaded
			agent.waitForText(".messages", "Image: cat.png (on cdn.example.net)");
			agent.waitForText(".messages", "my cat");
			agent.waitForText(".messages", "Location: Office 51.5, -0.12");
			agent.waitForText(".messages", "Button pressed: Yes please YES");
			agent.waitForText(".messages", "Unsupported content");
			agent.find(".messages details summary").click();
			agent.waitForText(".messages details pre", "\"sticker\": \"<script>window.hacked=3</script>\"");
			assertThat(agent.script("return window.hacked")).isNull();
			assertThatExceptionOfType(NoAlertPresentException.class)
				.isThrownBy(() -> agent.driver().switchTo().alert());
			assertThat(requests(agent)).allMatch((request) -> request.startsWith(url("/")))
				.noneMatch((request) -> request.endsWith("/x"));

			// the latest page first; older messages come on scrolling up
			assertThat(agent.all(".messages [data-message-id]")).hasSize(30);
			agent.script("document.querySelector('.messages').scrollTop = 0");
			agent.until((driver) -> agent.all(".messages [data-message-id]").size() == 40);
			assertThat(agent.all(".messages [data-message-id]").get(0).getText()).contains("Earlier 0");

			// a permanent failure shows its reason; resend delivers
			agent.find("#reply").sendKeys("Can I help?", Keys.ENTER);
			agent.waitForText(".messages [data-delivery-state=FAILED] [data-error]", "Outside the 24-hour window");
			agent.screenshot("inbox-failed-delivery");
			this.fakeSender.reset();
			click(agent, ".messages [data-delivery-state=FAILED] button", "Resend");
			agent.until((driver) -> agent.all(".messages [data-delivery-state=FAILED]").isEmpty()
					&& !agent.all(".messages [data-sender-type=app_user][data-delivery-state=DELIVERED]").isEmpty());

			// the socket drops; what happens meanwhile is read with events.list after the
			// reconnect
			agent.script("window.liveStates = [];"
					+ "new MutationObserver(() => liveStates.push(document.getElementById('app').dataset.live))"
					+ ".observe(document.getElementById('app'), {attributes: true, attributeFilter: ['data-live']});"
					+ "window.switchboardLive.drop()");
			this.conversations.inbound(channel, "c-eve", "<b>Eve</b>", "Are you still there?", Instant.now());
			agent.waitForText(".messages [data-sender-type=source_contact]", "Are you still there?");
			agent.until((driver) -> "live".equals(agent.find("#app").getDomAttribute("data-live")));
			assertThat(requests(agent)).anyMatch((request) -> request.endsWith("/events.list"));
			assertThat(agent.script("return window.liveStates")).asList().containsSubsequence("reconnecting", "live");

			// an expired token returns to the login screen, saying why
			String userId = this.api
				.post("/users.me",
						this.api.post("/users.login", null, body("email", "agent1@example.com", "password", PASSWORD))
							.text("token"))
				.text("id");
			String expired = expiredToken(userId);
			agent.script("sessionStorage.setItem('switchboard.inbox.session', JSON.stringify(arguments[0]))",
					Map.of("token", expired, "user_id", userId, "workspace_id", workspaceId().toString()));
			agent.driver().navigate().refresh();
			agent.waitForText("[data-reason]", "Your session has ended");
			assertThat(agent.find("#app").getDomAttribute("data-screen")).isEqualTo("login");
			assertThat(agent.script("return sessionStorage.getItem('switchboard.inbox.session')")).isNull();
		}
	}

	@Test
	void anAdminConnectsAChannelAndManagesTheWorkspace() {
		String token = this.api.admin();
		ChannelView channel = this.conversations.channel("acme");
		Instant start = Instant.now().minusSeconds(3600);
		for (int i = 0; i < 65; i++) {
			this.conversations.inbound(channel, "c" + i, "Contact " + i, "Message " + i, start.plusSeconds(i));
		}

		try (Browser admin = Browser.open()) {
			admin.get(url("/"));
			admin.waitFor("input[name=email]");
			admin.assertAccessible("the login screen");
			admin.screenshot("login");
			signIn(admin, "admin@example.com");
			admin.assertAccessible("the inbox");

			// endless scrolling: one list request per page scrolled to, none after the
			// last
			assertThat(admin.all(ITEMS)).hasSize(30);
			assertThat(listRequests(admin)).isEqualTo(1);
			for (int[] expected : new int[][] { { 60, 2 }, { 65, 3 }, { 65, 3 } }) {
				admin.script("document.querySelector('.list').scrollTop = 1e9");
				admin.until((driver) -> admin.all(ITEMS).size() == expected[0]);
				assertThat(listRequests(admin)).isEqualTo(expected[1]);
			}
			assertThat(admin.find(".counts").getText()).contains("65 conversations", "65 unread");

			// an admin assigns to any member
			admin.find(ITEMS + " a").click();
			admin.until((driver) -> admin.all(".panel select[name=user_id] option").size() > 1);
			new Select(admin.find(".panel select[name=user_id]")).selectByVisibleText("Ada Admin");
			click(admin, ".panel button", "Assign");
			admin.waitForText(".panel [data-assignee]", "Ada Admin (you)");

			openScreen(admin, "admin/channels", "admin-channels");
			new Select(admin.find("select[name=source]")).selectByValue("chatplugin");
			admin.find(".admin input[name=name]").sendKeys("Website");
			click(admin, ".admin button", "Connect");
			admin.waitForText(".admin tbody", "Website");
			WebElement demo = admin.find(".admin tbody a[href*='/chatplugin/demo.html?channel_id=']");
			String channelId = demo.getDomAttribute("href").replaceAll(".*channel_id=", "");
			assertThat(this.api.post("/channels.info", token, body("channel_id", channelId)).text("source"))
				.isEqualTo("chatplugin");
			admin.screenshot("admin-channels");
			admin.assertAccessible("the channels screen");

			openScreen(admin, "admin/users", "admin-users");
			admin.find(".admin input[name=email]").sendKeys("new.agent@example.com");
			click(admin, ".admin button", "Invite");
			admin.waitForText(".admin [role=status]", "/#/invitation?token=");
			admin.waitForText(".admin tbody", "new.agent@example.com");
			admin.assertAccessible("the users screen");

			openScreen(admin, "admin/tags", "admin-tags");
			admin.find(".admin input[name=name]").sendKeys("urgent");
			click(admin, ".admin button", "Create tag");
			admin.waitForText(".admin tbody", "urgent");
			admin.assertAccessible("the tags screen");

			openScreen(admin, "admin/divisions", "admin-divisions");
			admin.find(".admin input[name=name]").sendKeys("Sales");
			click(admin, ".admin button", "Create division");
			admin.until((driver) -> admin.all(".admin tbody input")
				.stream()
				.anyMatch((input) -> "Sales".equals(input.getDomProperty("value"))));
			admin.assertAccessible("the divisions screen");

			openScreen(admin, "admin/access-keys", "admin-access-keys");
			admin.find(".admin input[name=name]").sendKeys("CRM sync");
			click(admin, ".admin button", "Create key");
			String key = admin.find("[data-key]").getText();
			assertThat(key).startsWith("sbk_");
			admin.waitForText(".admin tbody", "CRM sync");
			assertThat(admin.find(".admin tbody").getText()).doesNotContain(key);
			admin.screenshot("admin-access-keys");
			admin.assertAccessible("the access keys screen");

			openScreen(admin, "workspaces", "workspaces");
			admin.waitForText(".admin .rows", "Default");
			admin.assertAccessible("the workspaces screen");

			admin.find("details.help summary").click();
			assertThat(admin.find("details.help a").getDomAttribute("href")).isEqualTo(url("/docs"));
		}
	}

	@Test
	void anAdminSetsUpSavedRepliesAndAWebhookAndAnAgentSendsAReplyAndAFile() throws IOException {
		String token = this.api.admin();
		this.api.user(token, "agent");
		String channelId = this.api.post("/channels.chatplugin.connect", token, body("name", "Website")).text("id");
		String conversationId = visitorSays(channelId, "Where is my order?");
		List<String> received = new CopyOnWriteArrayList<>();
		HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		receiver.createContext("/hook", (exchange) -> {
			received.add(new String(exchange.getRequestBody().readAllBytes()));
			exchange.sendResponseHeaders(204, -1);
			exchange.close();
		});
		receiver.start();
		Path directory = Files.createTempDirectory("inbox-uploads");
		Path picture = Files.write(directory.resolve("dot.png"), PNG);
		Path notAPicture = Files.writeString(directory.resolve("notes.png"), "plain text, not a picture");

		try (Browser admin = Browser.open(); Browser agent = Browser.open()) {
			signIn(admin, "admin@example.com");
			openScreen(admin, "admin/saved-replies", "admin-saved-replies");
			admin.find(".admin input[name=name]").sendKeys("Shipping delay");
			new Select(admin.find(".admin select[name=source]")).selectByValue("chatplugin");
			admin.find(".admin textarea[name=text]").sendKeys("Sorry for the wait! Your order ships tomorrow.");
			click(admin, ".admin button", "Create saved reply");
			admin.waitForText(".admin tbody", "Chat plugin (website)");
			admin.screenshot("admin-saved-replies");
			admin.assertAccessible("the saved replies screen");

			// the signing secret is shown once, never in the list
			openScreen(admin, "admin/webhooks", "admin-webhooks");
			String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
			admin.find(".admin input[name=url]").sendKeys(hook);
			admin.find(".admin input[name='event.message.created']").click();
			click(admin, ".admin button", "Subscribe");
			String secret = admin.find("[data-secret]").getText();
			assertThat(secret).startsWith("whsec_");
			admin.waitForText(".admin tbody", hook);
			assertThat(admin.find(".admin tbody").getText()).contains("message.created", "Subscribed")
				.doesNotContain(secret);

			signIn(agent, "agent1@example.com");
			agent.find(item(conversationId) + " a").click();
			agent.waitForText(".messages [data-sender-type=source_contact]", "Where is my order?");
			agent.until((driver) -> agent.find("select[name=template_id]").isEnabled());
			new Select(agent.find("select[name=template_id]"))
				.selectByVisibleText("Shipping delay: Sorry for the wait! Your order ships tomorrow.");
			click(agent, ".tool button", "Send saved reply");
			agent.waitForText(".messages [data-sender-type=app_user]",
					"Sorry for the wait! Your order ships tomorrow.");

			// a file whose bytes are not what its name says is refused, as text; a
			// picture is
			// sent
			agent.find(".tool input[type=file]").sendKeys(notAPicture.toString());
			click(agent, ".tool button", "Send file");
			agent.waitForText("[data-tool=attachment] .status.error", "not of the type it claims");
			agent.find(".tool input[type=file]").sendKeys(picture.toString());
			click(agent, ".tool button", "Send file");
			agent.waitForText(".messages [data-sender-type=app_user]", "dot.png");
			JsonNode sent = this.api
				.post("/messages.list", token, body("conversation_id", conversationId, "order", "desc"))
				.body()
				.path("data");
			assertThat(sent.get(0).path("content").path("type").asString()).isEqualTo("image");
			assertThat(sent.get(0).path("content").path("url").asString())
				.contains("/channels/" + channelId + "/media/");
			assertThat(sent.get(1).path("content").path("text").asString())
				.isEqualTo("Sorry for the wait! Your order ships tomorrow.");
			agent.screenshot("inbox-composer-tools");
			agent.assertAccessible("the composer's saved replies and attachments");

			// both replies were posted to the receiver; the admin sees them delivered
			String webhookId = this.api.post("/webhooks.list", token).body().path("data").get(0).path("id").asString();
			await().atMost(Duration.ofSeconds(20))
				.until(() -> this.api.post("/webhooks.deliveries", token, body("id", webhookId))
					.body()
					.path("data")
					.valueStream()
					.filter((delivery) -> "DELIVERED".equals(delivery.path("status").asString()))
					.count() == 2);
			assertThat(String.join("\n", received)).contains("Sorry for the wait!", "dot.png");
			click(admin, ".admin button", "Deliveries");
			admin.until((driver) -> admin.all(".admin [data-delivery-id][data-status=DELIVERED]").size() == 2);
			admin.screenshot("admin-webhooks");
			admin.assertAccessible("the webhooks screen");
		}
		finally {
			receiver.stop(0);
			FileSystemUtils.deleteRecursively(directory);
		}
	}

	private void signIn(Browser browser, String email) {
		browser.get(url("/#/login"));
		browser.find("input[name=email]").sendKeys(email);
		browser.find("input[name=password]").sendKeys(PASSWORD, Keys.ENTER);
		browser.until((driver) -> "live".equals(browser.find("#app").getDomAttribute("data-live")));
		browser.waitFor("#app[data-list-painted]");
	}

	/**
	 * Follows a menu link and waits for its screen, so that no element of the last one is
	 * found.
	 */
	private static void openScreen(Browser browser, String menu, String screen) {
		browser.find("a[data-menu='" + menu + "']").click();
		browser.until((driver) -> screen.equals(browser.find("#app").getDomAttribute("data-screen")));
	}

	private static void awaitList(Browser browser, String... ids) {
		browser.until((driver) -> browser.all(ITEMS)
			.stream()
			.map((element) -> element.getDomAttribute("data-conversation-id"))
			.toList()
			.equals(List.of(ids)) ? true : null);
	}

	private static void click(Browser browser, String css, String text) {
		browser
			.until((driver) -> browser.all(css)
				.stream()
				.filter((element) -> element.getText().equals(text) && element.isEnabled())
				.findFirst()
				.orElse(null))
			.click();
	}

	@SuppressWarnings("unchecked")
	private static List<String> requests(Browser browser) {
		return (List<String>) browser
			.script("return performance.getEntriesByType('resource').map((entry) => entry.name)");
	}

	private static long listRequests(Browser browser) {
		return requests(browser).stream().filter((request) -> request.endsWith("/conversations.list")).count();
	}

	private static String item(String conversationId) {
		return "li[data-conversation-id='" + conversationId + "']";
	}

	private String visitorSays(String channelId, String text) {
		String token = this.api.post("/chatplugin.authenticate", null, body("channel_id", channelId)).text("token");
		return this.api.post("/chatplugin.send", token, body("message", body("text", text))).text("conversation_id");
	}

	private void contactSends(ChannelView channel, MessageContent content, JsonNode raw) {
		this.inbound
			.receive(channel, null,
					new Inbound.Message(new Inbound.Account(channel.source(), channel.sourceChannelId()),
							Inbound.Contact.named("c-eve", "<b>Eve</b>"), Inbound.Sender.contact(),
							"mid-" + UUID.randomUUID(), content, raw, Instant.now().minusSeconds(60)))
			.orElseThrow();
	}

	private UUID workspaceId() {
		return this.workspaces.oldest().orElseThrow();
	}

	private String expiredToken(String userId) {
		Instant issued = Instant.now().minus(2, ChronoUnit.HOURS);
		JwtClaimsSet claims = JwtClaimsSet.builder()
			.subject(userId)
			.claim("workspace_id", workspaceId().toString())
			.claim("role", "agent")
			.issuedAt(issued)
			.expiresAt(issued.plus(1, ChronoUnit.HOURS))
			.build();
		return this.jwtEncoder
			.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).type("JWT").build(), claims))
			.getTokenValue();
	}

	private String url(String path) {
		return "http://localhost:" + this.port + path;
	}

}

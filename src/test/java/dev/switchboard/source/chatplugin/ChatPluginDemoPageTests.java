package dev.switchboard.source.chatplugin;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import dev.switchboard.Api.Response;
import dev.switchboard.IntegrationTests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.FileSystemUtils;

import static dev.switchboard.Api.body;
import static org.assertj.core.api.Assertions.assertThat;

class ChatPluginDemoPageTests extends IntegrationTests {

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	private static final By CHAT = By.cssSelector("[data-switchboard-chat]");

	private static final By INPUT = By.cssSelector("[data-switchboard-chat] .sb-input");

	private static final By MESSAGES = By.cssSelector("[data-message-id]");

	@LocalServerPort
	private int port;

	private WebDriver browser;

	private Path profile;

	@AfterEach
	void closeBrowser() {
		if (this.browser != null) {
			this.browser.quit();
		}
		if (this.profile != null) {
			FileSystemUtils.deleteRecursively(this.profile.toFile());
		}
	}

	@Test
	void theDemoPageAndItsWidgetLoadWithoutAToken() throws Exception {
		MockHttpServletResponse page = get("/chatplugin/demo.html");
		assertThat(page.getStatus()).isEqualTo(200);
		assertThat(MediaType.parseMediaType(page.getContentType()).isCompatibleWith(MediaType.TEXT_HTML)).isTrue();
		assertThat(page.getContentAsString()).contains("<script src=\"widget.js\"", "Content-Security-Policy");
		MockHttpServletResponse script = get("/chatplugin/widget.js");
		assertThat(script.getStatus()).isEqualTo(200);
		assertThat(script.getContentType()).contains("javascript");
		assertThat(get("/chatplugin/widget.css").getStatus()).isEqualTo(200);
	}

	@Test
	void besideTheDemoFilesTheChatPluginPathsKeepTheirProtection() {
		String admin = this.api.admin();

		assertThat(get("/chatplugin/missing.js").getStatus()).isEqualTo(404);
		assertThat(get("/chatplugin/demo.txt").getStatus()).isEqualTo(401);
		assertThat(this.api.post("/chatplugin/demo.html", null).status()).isEqualTo(405);
		assertThat(this.api.post("/chatplugin.send", null, body("message", body("text", "hi"))).status())
			.isEqualTo(401);
		assertThat(this.api.post("/chatplugin.send", admin, body("message", body("text", "hi"))).status())
			.isEqualTo(401);
	}

	@Test
	void aVisitorOnTheDemoPageReadsTheAgentsReplyAndKeepsTheConversationAfterAReload() throws IOException {
		String admin = this.api.admin();
		String channelId = this.api.post("/channels.chatplugin.connect", admin, body("name", "Website")).text("id");
		WebDriver browser = openBrowser();

		browser.get("http://localhost:" + this.port + "/chatplugin/demo.html?channel_id=" + channelId);
		WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
		wait.ignoring(StaleElementReferenceException.class);
		wait.until(ExpectedConditions.elementToBeClickable(INPUT)).sendKeys("Hello from the website", Keys.ENTER);
		wait.until(ExpectedConditions.textToBePresentInElementLocated(
				By.cssSelector("[data-sender-type=source_contact]"), "Hello from the website"));
		String conversationId = browser.findElement(CHAT).getDomAttribute("data-conversation-id");

		Response conversations = this.api.post("/conversations.list", admin, body("filters", "source:chatplugin"));
		assertThat(conversations.body().path("data")).hasSize(1);
		assertThat(conversations.body().path("data").get(0).path("id").asString()).isEqualTo(conversationId);
		// live over the visitor WebSocket: while live the page polls only every 30 s, so
		// a reply
		// shown within the 15 s wait below came through the socket
		wait.until(ExpectedConditions.attributeToBe(CHAT, "data-state", "live"));
		// markup in a message is shown as text, never run or rendered
		String reply = "Hi! <b>How</b> can I help? <img src=x onerror=alert(1)>";
		Response sent = this.api.post("/messages.send", admin,
				body("conversation_id", conversationId, "message", body("text", reply)));
		assertThat(sent.status()).as(sent.text()).isEqualTo(200);
		wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-sender-type=app_user]"),
				reply));
		assertThat(browser.findElements(By.cssSelector("[data-switchboard-chat] b, [data-switchboard-chat] img")))
			.isEmpty();
		screenshot(browser, Path.of("target", "chatplugin-demo.png"));

		browser.navigate().refresh();
		wait.until((driver) -> texts(driver).size() == 2);
		assertThat(texts(browser)).containsExactly("Hello from the website", reply);
		assertThat(browser.findElement(CHAT).getDomAttribute("data-conversation-id")).isEqualTo(conversationId);
		assertThat(((JavascriptExecutor) browser)
			.executeScript("return localStorage.getItem('switchboard.resume.' + arguments[0])", channelId)).isNotNull();
	}

	@Test
	void aRefusedResumeTokenStartsAFreshConversation() throws IOException {
		String admin = this.api.admin();
		String channelId = this.api.post("/channels.chatplugin.connect", admin, body("name", "Website")).text("id");
		WebDriver browser = openBrowser();
		String page = "http://localhost:" + this.port + "/chatplugin/demo.html?channel_id=" + channelId;
		browser.get(page);
		((JavascriptExecutor) browser)
			.executeScript("localStorage.setItem('switchboard.resume.' + arguments[0], 'expired')", channelId);

		browser.get(page);
		new WebDriverWait(browser, Duration.ofSeconds(15)).until(ExpectedConditions.elementToBeClickable(INPUT));
		assertThat(browser.findElement(CHAT).getDomAttribute("data-conversation-id")).isNotBlank();
		assertThat(((JavascriptExecutor) browser)
			.executeScript("return localStorage.getItem('switchboard.resume.' + arguments[0])", channelId))
			.isNotEqualTo("expired");
	}

	private MockHttpServletResponse get(String path) {
		return this.mvc.get().uri(path).exchange().getResponse();
	}

	private WebDriver openBrowser() throws IOException {
		assertThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER))
			.as("the browser tests need %s and %s (apt-get install chromium chromium-driver; .ci/run does)", CHROMIUM,
					CHROMEDRIVER)
			.isTrue();
		this.profile = Files.createTempDirectory("switchboard-chromium");
		ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
			.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
					"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
					"--window-size=800,900", "--user-data-dir=" + this.profile);
		// the system's chromedriver, so that Selenium Manager never looks for (or
		// downloads) one
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(new File(CHROMEDRIVER.toString()))
			.usingAnyFreePort()
			.build();
		this.browser = new ChromeDriver(service, options);
		return this.browser;
	}

	private static List<String> texts(WebDriver browser) {
		return browser.findElements(MESSAGES)
			.stream()
			.map((message) -> message.findElement(By.cssSelector(".sb-text")))
			.map(WebElement::getText)
			.toList();
	}

	// for a person to look at: how the page looked with both messages
	private static void screenshot(WebDriver browser, Path target) throws IOException {
		Files.createDirectories(target.getParent());
		Files.copy(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(), target,
				StandardCopyOption.REPLACE_EXISTING);
	}

}

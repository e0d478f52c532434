package dev.switchboard;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A headless Chromium for the browser tests: Debian's {@code chromium} and
 * {@code chromium-driver}, never a downloaded one. A test fails, saying what to install,
 * where they are not installed: a skipped browser test would check nothing.
 */
public final class Browser implements AutoCloseable {

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	private final ChromeDriver driver;

	private final Path profile;

	private final WebDriverWait wait;

	private Browser(ChromeDriver driver, Path profile) {
		this.driver = driver;
		this.profile = profile;
		this.wait = new WebDriverWait(driver, Duration.ofSeconds(20));
		this.wait.ignoring(StaleElementReferenceException.class);
	}

	public static Browser open() {
		assertThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER))
			.as("the browser tests need %s and %s (apt-get install chromium chromium-driver; .ci/run does)", CHROMIUM,
					CHROMEDRIVER)
			.isTrue();
		try {
			Path profile = Files.createTempDirectory("switchboard-chromium");
			ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
				.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
						"--disable-background-networking", "--disable-component-update", "--disable-sync",
						"--no-first-run", "--window-size=1280,900", "--user-data-dir=" + profile);
			ChromeDriverService service = new ChromeDriverService.Builder()
				.usingDriverExecutable(new File(CHROMEDRIVER.toString()))
				.usingAnyFreePort()
				.build();
			return new Browser(new ChromeDriver(service, options), profile);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public ChromeDriver driver() {
		return this.driver;
	}

	public void get(String url) {
		this.driver.get(url);
	}

	/**
	 * Waits for the condition; on a timeout, saves a screenshot and prints the page's
	 * text first, for whoever reads the failure.
	 */
	public <T> T until(ExpectedCondition<T> condition) {
		try {
			return this.wait.until(condition);
		}
		catch (TimeoutException ex) {
			String name = "failure-" + System.currentTimeMillis();
			screenshot(name);
			System.out.println("The page when the wait failed (target/screenshots/" + name + ".png):\n"
					+ this.driver.findElement(By.tagName("body")).getText());
			throw ex;
		}
	}

	/** Waits until the element is visible and enabled. */
	public WebElement clickable(String css) {
		return until(ExpectedConditions.elementToBeClickable(By.cssSelector(css)));
	}

	public WebElement find(String css) {
		return until((driver) -> {
			List<WebElement> found = driver.findElements(By.cssSelector(css));
			return found.isEmpty() ? null : found.get(0);
		});
	}

	public List<WebElement> all(String css) {
		return this.driver.findElements(By.cssSelector(css));
	}

	public void waitFor(String css) {
		find(css);
	}

	public void waitForText(String css, String text) {
		until((driver) -> driver.findElements(By.cssSelector(css))
			.stream()
			.anyMatch((element) -> element.getText().contains(text)));
	}

	public Object script(String script, Object... arguments) {
		return ((JavascriptExecutor) this.driver).executeScript(script, arguments);
	}

	public void resize(int width, int height) {
		this.driver.manage().window().setSize(new Dimension(width, height));
	}

	/** Saves what the page shows, for people to look at (docs/inbox.md). */
	public void screenshot(String name) {
		try {
			Path target = Path.of("target", "screenshots", name + ".png");
			Files.createDirectories(target.getParent());
			Files.copy(((TakesScreenshot) this.driver).getScreenshotAs(OutputType.FILE).toPath(), target,
					StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** axe-core on the page as it is: no critical or serious violation. */
	public void assertAccessible(String screen) {
		Results results = new AxeBuilder().analyze(this.driver);
		List<String> violations = results.getViolations()
			.stream()
			.filter((rule) -> "critical".equals(rule.getImpact()) || "serious".equals(rule.getImpact()))
			.map(Browser::describe)
			.toList();
		assertThat(violations).as("critical and serious accessibility violations on %s", screen).isEmpty();
	}

	private static String describe(Rule rule) {
		return rule.getId() + " (" + rule.getImpact() + "): " + rule.getHelp() + " at "
				+ rule.getNodes().stream().map((node) -> String.valueOf(node.getTarget())).toList();
	}

	@Override
	public void close() {
		this.driver.quit();
		FileSystemUtils.deleteRecursively(this.profile.toFile());
	}

}

package io.privacity.examples;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through Debian's chromedriver (never downloaded: Selenium
 * Manager is not asked), for the portal's browser tests. A missing browser fails under {@code
 * CI=true} (install it with {@code .ci/chromium.sh}); elsewhere the test class is skipped with that
 * message.
 */
final class HeadlessChromium implements AutoCloseable {
  /** Selenium warns that it has no DevTools classes for this Chromium; the tests use none. */
  private static final Logger SELENIUM = Logger.getLogger("org.openqa.selenium");

  final ChromeDriver driver;
  private final Path userData;

  private HeadlessChromium(ChromeDriver driver, Path userData) {
    this.driver = driver;
    this.userData = userData;
  }

  static HeadlessChromium start() throws IOException {
    Path chromium = Path.of(env("PRIVACITY_CHROMIUM", "/usr/bin/chromium"));
    Path chromedriver = Path.of(env("PRIVACITY_CHROMEDRIVER", "/usr/bin/chromedriver"));
    if (!Files.isExecutable(chromium) || !Files.isExecutable(chromedriver)) {
      String why =
          "headless Chromium ("
              + chromium
              + ") and chromedriver ("
              + chromedriver
              + ") are required: install them with .ci/chromium.sh (Debian packages chromium,"
              + " chromium-driver)";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(why);
      }
      Assumptions.abort(why + "; browser tests skipped outside CI");
    }
    SELENIUM.setLevel(Level.SEVERE);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium.toFile());
    Path userData = Files.createTempDirectory("privacity-chromium-");
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--disable-default-apps",
        "--disable-dev-shm-usage",
        "--lang=en-US",
        "--window-size=1280,1000",
        "--user-data-dir=" + userData.toAbsolutePath());
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    logs.enable(LogType.PERFORMANCE, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    // The driver is given explicitly, so Selenium Manager is never asked to find or fetch one.
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(chromedriver.toFile())
            .usingAnyFreePort()
            .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
    return new HeadlessChromium(driver, userData);
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }

  /** Waits until the page's verification has finished; returns its final state. */
  static String awaitVerification(WebDriver driver) {
    new WebDriverWait(driver, Duration.ofSeconds(30))
        .pollingEvery(Duration.ofMillis(20))
        .until(
            d -> {
              String s = d.findElement(By.id("verify")).getAttribute("data-state");
              return s.equals("ok") || s.equals("bad") || s.equals("error");
            });
    return driver.findElement(By.id("verify")).getAttribute("data-state");
  }

  @Override
  public void close() throws IOException {
    driver.quit();
    PortalBrowserTest.deleteTree(userData);
  }
}

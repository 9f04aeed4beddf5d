package io.privacity.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * The transparency portal in a real browser: Debian's headless Chromium driven by Selenium through
 * Debian's chromedriver (never downloaded). The page must verify the ledger it is served with, name
 * the first bad line of a tampered one, show the ledger's numbers, log no error, load nothing from
 * another host, be usable from the keyboard and pass axe-core without serious or critical
 * violations.
 *
 * <p>The site is the tour's own: the {@code budget-and-ledger} scenario runs into {@code
 * target/portal-tour}, {@link PortalCommand#renderTourPortals} renders {@code portal/}, and the
 * screenshot is written there ({@code portal/portal.png}). A missing browser fails the test under
 * {@code CI=true} (install it with {@code .ci/chromium.sh}); elsewhere the class is skipped with
 * that message.
 */
class PortalBrowserTest {
  static final Path TOUR = Path.of("target", "portal-tour");
  private static final String SCENARIO = "budget-and-ledger";
  private static final Pattern LOSS = Pattern.compile("ε=([0-9.Ee-]+)");

  static HeadlessChromium chromium;
  static ChromeDriver driver;
  static PortalServer server;
  static Path site;

  @BeforeAll
  static void startBrowser() throws Exception {
    chromium = HeadlessChromium.start();
    driver = chromium.driver;
    deleteTree(TOUR);
    Files.createDirectories(TOUR);
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    new BudgetAndLedgerScenario()
        .run(new ScenarioContext(quiet, TOUR, PortalCommandTest.dataDir()));
    assertEquals(0, PortalCommand.renderTourPortals(TOUR, quiet, System.err));
    site = TOUR.resolve("portal").resolve(SCENARIO);
    server = PortalServer.start(site, 0);
  }

  @AfterAll
  static void stopBrowser() throws IOException {
    if (chromium != null) {
      chromium.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @BeforeEach
  void clearLogs() {
    driver.manage().logs().get(LogType.BROWSER);
    driver.manage().logs().get(LogType.PERFORMANCE);
  }

  private static String url(String page) {
    return server.uri() + page;
  }

  /** Opens a page and waits until its verification has finished; returns the final state. */
  private static String openAndVerify(String page) {
    driver.get(url(page));
    return awaitVerification();
  }

  private static String awaitVerification() {
    return HeadlessChromium.awaitVerification(driver);
  }

  private static String text(String id) {
    return driver.findElement(By.id(id)).getText();
  }

  private static List<JsonObject> ledgerEntries() throws IOException {
    List<JsonObject> entries = new ArrayList<>();
    for (String line : Files.readAllLines(site.resolve("ledger.jsonl"))) {
      entries.add(JsonParser.parseString(line).getAsJsonObject());
    }
    return entries;
  }

  // ---------------------------------------------------------------- verification

  @Test
  void untouchedLedger_showsVerifiedWithTheRightCountAndHead() throws IOException {
    List<JsonObject> entries = ledgerEntries();
    String head = entries.get(entries.size() - 1).get("hash").getAsString();
    assertEquals("ok", openAndVerify(""), text("verify-result"));
    assertEquals(
        "Verified: " + entries.size() + " entries, head " + head + ".", text("verify-result"));
    assertTrue(
        text("verify-checkpoint").contains("The signature is valid."), text("verify-checkpoint"));
    assertTrue(
        text("verify-checkpoint").startsWith("Signed checkpoint: " + entries.size() + " entries"));
  }

  @Test
  void oneFlippedByte_namesTheBadLine() throws IOException {
    Path ledger = site.resolve("ledger.jsonl");
    byte[] original = Files.readAllBytes(ledger);
    List<Integer> lineStarts = new ArrayList<>();
    lineStarts.add(0);
    for (int i = 0; i < original.length - 1; i++) {
      if (original[i] == '\n') {
        lineStarts.add(i + 1);
      }
    }
    String[] fields = {"\"time\":\"2026", "\"summary\":\"", "\"prev\":\"", "\"hash\":\""};
    try {
      for (int line : new int[] {1, 3, lineStarts.size()}) {
        for (String field : fields) {
          int start = lineStarts.get(line - 1);
          int end = line < lineStarts.size() ? lineStarts.get(line) - 1 : original.length - 1;
          // The lines are ASCII (the scenario's summaries are), so characters are bytes.
          String text = new String(original, start, end - start, StandardCharsets.US_ASCII);
          int at = start + text.indexOf(field.replace("2026", "")) + field.length() + 2;
          byte[] tampered = original.clone();
          tampered[at] ^= 0x01;
          Files.write(ledger, tampered);
          driver.navigate().refresh();
          assertEquals("bad", awaitVerification(), field + " of line " + line);
          String result = text("verify-result");
          assertTrue(
              result.startsWith("Verification failed at line " + line + ": "),
              field + " of line " + line + ": " + result);
        }
      }
      // A line removed: the next line no longer links.
      byte[] removed = new byte[original.length - (lineStarts.get(2) - lineStarts.get(1))];
      System.arraycopy(original, 0, removed, 0, lineStarts.get(1));
      System.arraycopy(
          original,
          lineStarts.get(2),
          removed,
          lineStarts.get(1),
          original.length - lineStarts.get(2));
      Files.write(ledger, removed);
      driver.navigate().refresh();
      assertEquals("bad", awaitVerification());
      assertTrue(
          text("verify-result").startsWith("Verification failed at line 2: "),
          text("verify-result"));
    } finally {
      Files.write(ledger, original);
    }
    assertEquals("ok", openAndVerify(""));
  }

  @Test
  void tamperedCheckpointSignature_isNotVerified() throws IOException {
    Path cp = site.resolve("checkpoint.txt");
    String original = Files.readString(cp);
    try {
      int at = original.indexOf("\nsig ") + 16;
      char c = original.charAt(at);
      Files.writeString(
          cp, original.substring(0, at) + (c == 'A' ? 'B' : 'A') + original.substring(at + 1));
      assertEquals("bad", openAndVerify(""));
      assertEquals(
          "Not verified: the signed checkpoint's signature is not valid for the published key.",
          text("verify-result"));
    } finally {
      Files.writeString(cp, original);
    }
  }

  // ---------------------------------------------------------------- the numbers

  @Test
  void budgetChartAndTables_showTheNumbersInTheLedger() throws IOException {
    List<JsonObject> entries = ledgerEntries();
    int releases = 0;
    int charges = 0;
    double spent = 0;
    List<Double> releaseEpsilons = new ArrayList<>();
    for (JsonObject e : entries) {
      JsonObject d = e.getAsJsonObject("details");
      switch (e.get("type").getAsString()) {
        case "RELEASE":
          releases++;
          releaseEpsilons.add(
              JsonParser.parseString(d.get("guarantee").getAsString())
                  .getAsJsonObject()
                  .get("epsilon")
                  .getAsDouble());
          break;
        case "BUDGET_CHARGE":
          charges++;
          Matcher m = LOSS.matcher(d.get("loss").getAsString());
          assertTrue(m.find());
          spent += Double.parseDouble(m.group(1));
          break;
        default:
      }
    }
    assertTrue(releases > 0 && charges > 0);
    openAndVerify("");
    assertEquals(Integer.toString(releases), text("count-releases"));
    assertEquals(Integer.toString(charges), text("count-charges"));
    // The budget is ε = 1 (the scenario's); what the ledger charged is what the table and chart
    // say.
    String spentText = readable(spent);
    WebElement row =
        driver.findElement(By.xpath("//table[@id='budgets']//tr[th='" + SCENARIO + "']"));
    List<WebElement> cells = row.findElements(By.tagName("td"));
    assertEquals("ε = 1", cells.get(0).getText());
    assertEquals("ε = " + spentText, cells.get(1).getText());
    assertEquals(Integer.toString(charges), cells.get(3).getText());
    WebElement label = driver.findElement(By.cssSelector("#budget-chart .label"));
    WebElement amount = driver.findElement(By.cssSelector("#budget-chart .amount"));
    String percent = Math.round(100 * Math.min(1, spent)) + "%";
    assertEquals(SCENARIO, label.getText());
    assertEquals(spentText + " of 1 ε spent (" + percent + ")", amount.getText());
    WebElement bar = driver.findElement(By.cssSelector("#budget-chart rect.spent"));
    assertEquals(Math.round(600 * Math.min(1, spent)), Long.parseLong(bar.getAttribute("width")));

    driver.get(url("release.html"));
    List<WebElement> rows = driver.findElements(By.cssSelector("#entries tbody tr"));
    assertEquals(releases, rows.size());
    for (int i = 0; i < rows.size(); i++) {
      WebElement eps = rows.get(i).findElement(By.cssSelector("td[data-value]"));
      assertEquals(releaseEpsilons.get(i), Double.parseDouble(eps.getAttribute("data-value")), 0);
      assertEquals(readable(releaseEpsilons.get(i)), eps.getText());
    }
  }

  // ---------------------------------------------------------------- hygiene

  /**
   * The served Content-Security-Policy is in force: an inline script, an inline style and a
   * javascript: link in a page of the site do nothing, and each is reported on the console, where
   * {@link #noConsoleErrors_andNoRequestToAnyOtherHost} would see it on the real pages.
   */
  @Test
  void servedCsp_blocksInlineScriptAndStyle_andTheConsoleShowsIt() throws IOException {
    Path probe = site.resolve("csp-probe.html");
    Files.writeString(
        probe,
        "<!DOCTYPE html><html lang=\"en\"><head><title>probe</title></head><body>"
            + "<p id=\"p\" style=\"color: rgb(255, 0, 0)\">p</p>"
            + "<script>document.title = 'ran';</script>"
            + "<a id=\"a\" href=\"javascript:document.title='link'\">a</a></body></html>");
    try {
      driver.get(url("csp-probe.html"));
      driver.findElement(By.id("a")).click();
      assertEquals("probe", driver.getTitle(), "an inline script or javascript: link ran");
      String color =
          (String)
              driver.executeScript("return getComputedStyle(document.getElementById('p')).color;");
      assertFalse(color.equals("rgb(255, 0, 0)"), "the inline style applied");
      long violations =
          driver.manage().logs().get(LogType.BROWSER).getAll().stream()
              .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue())
              .filter(e -> e.getMessage().contains("Content Security Policy"))
              .count();
      assertTrue(violations >= 3, "CSP violations on the console: " + violations);
    } finally {
      Files.delete(probe);
    }
  }

  @Test
  void noConsoleErrors_andNoRequestToAnyOtherHost() throws IOException {
    Set<String> requested = new LinkedHashSet<>();
    List<String> errors = new ArrayList<>();
    for (String page :
        List.of("", "release.html", "budget-charge.html", "other.html", "index.html")) {
      driver.get(url(page));
      if (page.isEmpty() || page.equals("index.html")) {
        awaitVerification();
      }
      for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
        if (e.getLevel().intValue() >= Level.WARNING.intValue()) {
          errors.add(page + ": " + e.getMessage());
        }
      }
      for (LogEntry e : driver.manage().logs().get(LogType.PERFORMANCE)) {
        JsonObject message =
            JsonParser.parseString(e.getMessage()).getAsJsonObject().getAsJsonObject("message");
        String method = message.get("method").getAsString();
        if (method.equals("Network.requestWillBeSent")
            || method.equals("Network.webSocketCreated")) {
          JsonObject params = message.getAsJsonObject("params");
          JsonElement request = params.get("request");
          requested.add(
              request != null
                  ? request.getAsJsonObject().get("url").getAsString()
                  : params.get("url").getAsString());
        }
      }
    }
    assertEquals(List.of(), errors, "console errors or warnings");
    String origin = server.uri().toString();
    for (String r : requested) {
      assertTrue(r.startsWith(origin), "request to another host: " + r);
    }
    for (String file :
        List.of(
            "",
            "portal.css",
            "verify.js",
            "ledger.jsonl",
            "checkpoint.txt",
            "ledger-public-key.pem",
            "release.html")) {
      // The log works: every file of the page was seen (headless Chromium fetches no favicon) …
      assertTrue(
          requested.contains(origin + file),
          "the log saw no request for '" + file + "': " + requested);
    }
    // … and a console error would have been seen.
    driver.executeScript("console.error('probe-4711')");
    assertTrue(
        driver.manage().logs().get(LogType.BROWSER).getAll().stream()
            .anyMatch(e -> e.getMessage().contains("probe-4711")),
        "the console log is not captured");
  }

  @Test
  void everyControl_isReachableByKeyboard_withAVisibleFocus() {
    openAndVerify("");
    JavascriptExecutor js = driver;
    @SuppressWarnings("unchecked")
    List<WebElement> controls =
        (List<WebElement>)
            js.executeScript(
                "return Array.from(document.querySelectorAll('a[href], button, summary, input,"
                    + " select, textarea, [tabindex]')).filter(e => e.tabIndex >= 0 && !e.hidden"
                    + " && !e.disabled);");
    assertTrue(controls.size() >= 10, "controls: " + controls.size());
    js.executeScript(
        "document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0);");
    List<WebElement> reached = new ArrayList<>();
    Actions keys = new Actions(driver);
    for (int i = 0; i < controls.size() + 5; i++) {
      keys.sendKeys(Keys.TAB).perform();
      WebElement active = driver.switchTo().activeElement();
      if (active.getTagName().equals("body")
          || (!reached.isEmpty() && active.equals(reached.get(0)))) {
        break; // past the last control, focus leaves the page (or wraps round)
      }
      reached.add(active);
      String outline =
          (String)
              js.executeScript(
                  "const s = getComputedStyle(arguments[0]); return s.outlineStyle + ' ' + s.outlineWidth;",
                  active);
      assertFalse(
          outline.startsWith("none"), "no visible focus on " + active.getAttribute("outerHTML"));
    }
    for (WebElement c : controls) {
      assertTrue(reached.contains(c), "not reachable by Tab: " + c.getAttribute("outerHTML"));
    }
    assertEquals("skip", reached.get(0).getAttribute("class"), "the skip link comes first");
    // The verification button works from the keyboard.
    WebElement again = driver.findElement(By.id("verify-again"));
    while (!driver.switchTo().activeElement().equals(again)) {
      keys.sendKeys(Keys.TAB).perform();
    }
    keys.sendKeys(Keys.ENTER).perform();
    assertEquals("ok", awaitVerification());
  }

  @Test
  void axeCore_findsNoSeriousOrCriticalViolations() throws Exception {
    String axe = axeSource();
    List<String> problems = new ArrayList<>();
    for (String page : List.of("", "release.html", "budget-charge.html", "other.html")) {
      driver.get(url(page));
      if (page.isEmpty()) {
        awaitVerification();
      }
      driver.executeScript(axe);
      Object result =
          driver.executeAsyncScript(
              "const done = arguments[arguments.length - 1];"
                  + "axe.run(document, {resultTypes: ['violations']})"
                  + ".then(r => done(JSON.stringify(r.violations.map(v => ({id: v.id, impact: v.impact,"
                  + " help: v.help, nodes: v.nodes.map(n => n.target.join(' '))})))))"
                  + ".catch(e => done('ERROR ' + e));");
      String json = String.valueOf(result);
      assertFalse(json.startsWith("ERROR"), json);
      JsonArray violations = JsonParser.parseString(json).getAsJsonArray();
      for (JsonElement v : violations) {
        String impact = v.getAsJsonObject().get("impact").getAsString();
        if (impact.equals("serious") || impact.equals("critical")) {
          problems.add((page.isEmpty() ? "index" : page) + ": " + v);
        }
      }
    }
    assertEquals(List.of(), problems);
  }

  private static String axeSource() throws Exception {
    try (InputStream in = PortalBrowserTest.class.getResourceAsStream("axe/axe.min.js");
        InputStream sum = PortalBrowserTest.class.getResourceAsStream("axe/axe.min.js.sha256")) {
      if (in == null || sum == null) {
        fail("axe-core is missing from the test resources (axe/axe.min.js): see axe/README.md");
      }
      byte[] bytes = in.readAllBytes();
      String expected = new String(sum.readAllBytes(), StandardCharsets.US_ASCII).strip();
      String actual = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
      assertEquals(expected, actual, "axe.min.js differs from the vendored release");
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  // ---------------------------------------------------------------- German, and the screenshot

  @Test
  void germanPortal_verifiesInGerman() throws Exception {
    Path de = TOUR.resolve("portal").resolve(SCENARIO + "-de");
    PortalCommand.renderScenario(
        TOUR, SCENARIO, de, Locale.GERMAN, null, new PrintStream(new ByteArrayOutputStream()));
    try (PortalServer german = PortalServer.start(de, 0)) {
      driver.get(german.uri().toString());
      assertEquals("ok", awaitVerification());
      int n = ledgerEntries().size();
      assertTrue(
          text("verify-result").startsWith("Geprüft: " + n + " Einträge, Kopf "),
          text("verify-result"));
      assertTrue(
          text("verify-checkpoint").endsWith("Die Signatur ist gültig."),
          text("verify-checkpoint"));
      assertEquals("de", driver.findElement(By.tagName("html")).getAttribute("lang"));
    }
  }

  @Test
  void screenshot_isWrittenUnderTheTourOutput() throws IOException {
    driver.manage().window().setSize(new Dimension(1280, 1700));
    try {
      openAndVerify("");
      byte[] png = driver.getScreenshotAs(OutputType.BYTES);
      Path shot = TOUR.resolve("portal").resolve("portal.png");
      Files.write(shot, png);
      assertEquals(0x89, png[0] & 0xff);
      assertEquals("PNG", new String(png, 1, 3, StandardCharsets.US_ASCII));
      assertTrue(png.length > 20_000, "a blank page? " + png.length + " bytes");
      String docs = System.getProperty("privacity.portal.screenshot");
      if (docs != null && !docs.isBlank()) {
        Files.copy(shot, Path.of(docs), StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      driver.manage().window().setSize(new Dimension(1280, 1000));
    }
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** The test's own reading of a number as the page writes it: 4 significant digits, plain. */
  private static String readable(double v) {
    return new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
  }
}

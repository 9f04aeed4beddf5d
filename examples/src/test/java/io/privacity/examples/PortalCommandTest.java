package io.privacity.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.core.ledger.LedgerCheckpoint;
import io.privacity.core.ledger.LedgerEventType;
import io.privacity.core.ledger.LedgerPublicKey;
import io.privacity.core.ledger.TransparencyLedger;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code portal} subcommand and the tour's hook. */
class PortalCommandTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return PortalCommand.run(
        List.of(args),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  /** A ledger that must not be published: a token in a public detail. */
  private Path unpublishable(String name) {
    Path file = dir.resolve(name);
    try (TransparencyLedger l = TransparencyLedger.openFile(file)) {
      l.append(LedgerEventType.REIDENTIFICATION, "re-identification", Map.of("token", "KGJ5M2ZQ"));
    }
    return file;
  }

  @Test
  void out_rendersTheDefaultScenariosPortal() throws IOException {
    Path site = dir.resolve("site");
    assertEquals(0, run("--out", site.toString()), err());
    assertTrue(
        out().contains("Transparency portal written to " + site.resolve("index.html")), out());
    String index = Files.readString(site.resolve("index.html"));
    assertTrue(index.contains("<th scope=\"row\">budget-and-ledger</th>"), "budget table");
    assertTrue(index.contains("Privacity examples: budget-and-ledger"));
    LedgerCheckpoint cp = LedgerCheckpoint.readFrom(site.resolve("checkpoint.txt"));
    LedgerPublicKey key = LedgerPublicKey.readFrom(site.resolve("ledger-public-key.pem"));
    assertTrue(TransparencyLedger.verifyCopy(site.resolve("ledger.jsonl"), key, cp).isOk());
    try (var files = Files.list(site)) {
      assertFalse(
          files.anyMatch(
              p -> p.toString().endsWith(".pem") && !p.endsWith("ledger-public-key.pem")));
    }
  }

  @Test
  void out_inGerman() throws IOException {
    Path site = dir.resolve("de");
    assertEquals(0, run("budget-and-ledger", "--out", site.toString(), "--locale", "de"), err());
    assertTrue(Files.readString(site.resolve("index.html")).contains("<html lang=\"de\">"));
  }

  @Test
  void usageErrors_exit2() {
    assertEquals(2, run("no-such-scenario", "--out", dir.toString()));
    assertTrue(err().contains("unknown scenario 'no-such-scenario'"), err());
    assertTrue(err().contains("budget-and-ledger"));
    assertEquals(2, run("budget-and-ledger", "--ledger", "x.jsonl"));
    assertEquals(2, run("--ledger", "x.jsonl", "--checkpoint", "c.txt"));
    assertEquals(2, run("--port", "many"));
    assertEquals(2, run("--frobnicate"));
  }

  @Test
  void help_exits0() {
    assertEquals(0, run("--help"));
    assertTrue(out().contains("--out=DIR"), out());
    assertTrue(out().contains("--locale"));
  }

  @Test
  void runtimeErrors_exit1_withOneLineAndNoStackTrace() {
    Path site = dir.resolve("site");
    assertEquals(
        1, run("--ledger", unpublishable("bad.jsonl").toString(), "--out", site.toString()));
    String e = err();
    assertTrue(e.startsWith("portal: ledger "), e);
    assertTrue(e.contains("holds \"token\" as a public detail"), e);
    assertFalse(e.contains("KGJ5M2ZQ"), "the value is never echoed");
    assertEquals(1, e.strip().lines().count(), e);
    assertFalse(e.contains("\tat "), "no stack trace");

    err.reset();
    assertEquals(1, run("sensor-envelopes", "--out", site.toString()));
    assertTrue(err().contains("keeps no ledger file"), err());

    err.reset();
    assertEquals(
        1, run("--ledger", dir.resolve("missing.jsonl").toString(), "--out", site.toString()));
    assertTrue(err().contains("missing.jsonl"), err());
  }

  @Test
  void serve_answersOn127001_untilInterrupted() throws Exception {
    Path ledger = dir.resolve("city.jsonl");
    try (TransparencyLedger l = TransparencyLedger.openFile(ledger)) {
      l.append(LedgerEventType.ERASURE, "honoured an erasure request", Map.of());
    }
    AtomicInteger code = new AtomicInteger(-1);
    Thread t = new Thread(() -> code.set(run("--ledger", ledger.toString(), "--port", "0")));
    t.start();
    Pattern address = Pattern.compile("at (http://127\\.0\\.0\\.1:\\d+/)");
    Matcher m = address.matcher("");
    for (int i = 0; i < 200 && !m.find(); i++) {
      Thread.sleep(50);
      m = address.matcher(out());
    }
    assertTrue(m.find(0), "no address printed: " + out() + err());
    HttpClient client = HttpClient.newHttpClient();
    HttpResponse<String> index =
        client.send(
            HttpRequest.newBuilder(URI.create(m.group(1))).build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, index.statusCode());
    assertTrue(index.body().contains("<dd id=\"count-erasures\">1</dd>"));
    t.interrupt();
    t.join(10_000);
    assertFalse(t.isAlive());
    assertEquals(0, code.get());
  }

  @Test
  void tourHook_rendersEveryPublishableLedger_andReportsTheOthers() throws Exception {
    Path tour = dir.resolve("tour");
    Files.createDirectories(tour);
    new BudgetAndLedgerScenario()
        .run(new ScenarioContext(new PrintStream(new ByteArrayOutputStream()), tour, dataDir()));
    Files.move(unpublishable("legacy.ledger.jsonl"), tour.resolve("legacy.ledger.jsonl"));
    int failed =
        PortalCommand.renderTourPortals(
            tour,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(1, failed, err());
    Path site = tour.resolve("portal").resolve("budget-and-ledger");
    assertTrue(Files.exists(site.resolve("index.html")));
    assertTrue(out().contains("budget-and-ledger: " + site.resolve("index.html")), out());
    assertTrue(err().startsWith("portal for legacy not rendered: "), err());
    assertFalse(Files.exists(tour.resolve("portal").resolve("legacy").resolve("index.html")));
    // The scenario signs nothing: the hook signed its head with a demonstration key, published in
    // the site only, so nothing stale is left beside the ledger for the next tour.
    assertTrue(out().contains("budget-and-ledger: signed with a fresh demonstration key"), out());
    assertFalse(Files.exists(tour.resolve("budget-and-ledger.checkpoint.txt")));
    LedgerCheckpoint cp = LedgerCheckpoint.readFrom(site.resolve("checkpoint.txt"));
    LedgerPublicKey key = LedgerPublicKey.readFrom(site.resolve("ledger-public-key.pem"));
    assertTrue(TransparencyLedger.verifyCopy(site.resolve("ledger.jsonl"), key, cp).isOk());
    // The next tour rewrites the ledger; the hook renders over the old site.
    new BudgetAndLedgerScenario()
        .run(new ScenarioContext(new PrintStream(new ByteArrayOutputStream()), tour, dataDir()));
    assertEquals(
        1, PortalCommand.renderTourPortals(tour, new PrintStream(out), new PrintStream(err)));
    assertTrue(
        Files.readString(site.resolve("ledger.jsonl"))
            .equals(Files.readString(tour.resolve("budget-and-ledger.ledger.jsonl"))));
  }

  static Path dataDir() {
    for (String c : new String[] {"data", "examples/data", "../examples/data"}) {
      if (Files.isDirectory(Path.of(c))) {
        return Path.of(c);
      }
    }
    throw new AssertionError("examples/data not found from " + Path.of("").toAbsolutePath());
  }
}

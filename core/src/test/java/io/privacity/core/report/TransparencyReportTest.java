package io.privacity.core.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.core.PrivacyLoss;
import io.privacity.core.accounting.PrivacyAccountant;
import io.privacity.core.ledger.LedgerCheckpoint;
import io.privacity.core.ledger.LedgerCommitmentKey;
import io.privacity.core.ledger.LedgerEventType;
import io.privacity.core.ledger.LedgerSigningKey;
import io.privacity.core.ledger.LedgerSink;
import io.privacity.core.ledger.TransparencyLedger;
import io.privacity.core.policy.AccessDeniedException;
import io.privacity.core.policy.AccessPolicy;
import io.privacity.core.policy.Authorization;
import io.privacity.core.policy.Principal;
import io.privacity.core.policy.Purpose;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rendered site: what it shows, what it never shows, and the rules it keeps. */
class TransparencyReportTest {
  private static final Instant NOW = Instant.parse("2026-11-27T09:30:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  // Identifiers a city holds; none may appear anywhere on the published site.
  private static final String PLATE = "B-XY 1234";
  private static final String TOKEN = "KGJ5M2ZQ4T8W0RNE";
  private static final String PERSON = "Erika Mustermann";
  private static final String SUBJECT_REF = "subj-7q3z9x0k";
  private static final String METER = "meter-0042-7781";
  private static final List<String> SECRETS = List.of(PLATE, TOKEN, PERSON, SUBJECT_REF, METER);
  // Named in the (public) ledger, but never shown on a page.
  private static final String PRINCIPAL = "officer-4711";

  @TempDir Path dir;
  private Path ledgerFile;
  private Path checkpointFile;
  private LedgerSigningKey key;
  private PrivacyAccountant trips;
  private PrivacyAccountant meters;

  /** A city's ledger: releases and charges, access decisions, re-identifications, erasures. */
  @BeforeEach
  void cityLedger() throws IOException {
    ledgerFile = dir.resolve("city.ledger.jsonl");
    checkpointFile = dir.resolve("city.checkpoint");
    key = LedgerSigningKey.generate();
    LedgerCommitmentKey commitments = LedgerCommitmentKey.generate();
    try (TransparencyLedger ledger =
        TransparencyLedger.open(LedgerSink.file(ledgerFile), CLOCK, commitments)) {
      trips =
          PrivacyAccountant.builder()
              .budget(PrivacyLoss.pure(1.0))
              .clock(CLOCK)
              .onCharge(
                  c ->
                      ledger.append(
                          LedgerEventType.BUDGET_CHARGE,
                          "charged: " + c.label(),
                          Map.of("loss", c.loss().toString())))
              .build();
      meters =
          PrivacyAccountant.builder().budget(PrivacyLoss.approximate(2, 1e-6)).clock(CLOCK).build();
      for (String q :
          List.of("trips by subscribers", "trips longer than one hour", "trips from 94107")) {
        trips.charge(q, PrivacyLoss.pure(0.25));
        ledger.append(
            LedgerEventType.RELEASE,
            "released: " + q,
            Map.of(
                "answer",
                "18009",
                "guarantee",
                "{\"mechanism\":\"LaplaceMechanism\",\"kind\":\"PURE\",\"epsilon\":0.25,\"delta\":0.0}"));
      }
      meters.charge("kWh by district", PrivacyLoss.approximate(0.5, 1e-7));
      ledger.append(
          LedgerEventType.RELEASE,
          "released: kWh by district",
          Map.of(
              "purpose",
              "energy-planning",
              "guarantee",
              "{\"mechanism\":\"GaussianMechanism\",\"kind\":\"APPROXIMATE\",\"epsilon\":0.5,\"delta\":1.0E-7}"),
          Map.of("subject", METER));
      Principal officer = Principal.of(PRINCIPAL, "police-officer");
      AccessPolicy policy =
          AccessPolicy.builder()
              .clock(CLOCK)
              .ledger(ledger)
              .allow("police-officer", Purpose.of("law-enforcement"), "parking/plates")
              .build();
      policy.check(auth(officer, "law-enforcement"), "parking/plates");
      assertThrows(
          AccessDeniedException.class,
          () ->
              policy.check(
                  auth(Principal.of("growth-team", "marketing"), "marketing"), "parking/plates"));
      ledger.append(
          LedgerEventType.REIDENTIFICATION,
          "re-identification of a plates token by " + PRINCIPAL + ": GRANTED",
          Map.of(
              "outcome", "GRANTED",
              "domain", "plates",
              "principal", PRINCIPAL,
              "roles", "police-officer",
              "purpose", "law-enforcement"),
          Map.of(
              "token", TOKEN,
              "justification", "warrant 2026-117: " + PERSON + ", " + PLATE,
              "subjectRef", SUBJECT_REF));
      ledger.append(
          LedgerEventType.ERASURE,
          "crypto-shredded a data subject's key: their envelopes are unreadable",
          Map.of("keyDestroyed", "true"),
          Map.of("subjectRef", SUBJECT_REF));
      ledger.append(
          LedgerEventType.KEY_ROTATION,
          "rotated AEAD: new envelopes use the new key, old ones still open",
          Map.of("previousKeyId", "17", "newKeyId", "42"));
      ledger.writeCheckpoint(key, checkpointFile);
    }
  }

  private static Authorization auth(Principal p, String purpose) {
    return Authorization.builder()
        .principal(p)
        .purpose(Purpose.of(purpose))
        .justification("case of " + PERSON + " (" + PLATE + ")")
        .issuedAt(NOW.minusSeconds(60))
        .expiresAt(NOW.plusSeconds(3600))
        .build();
  }

  private TransparencyReport.Builder report() {
    return TransparencyReport.builder()
        .title("City of Example: data office")
        .ledger(ledgerFile)
        .checkpoint(checkpointFile, key.publicKey())
        .budget("bike trips, January 2014", trips)
        .budget("smart meters", meters)
        .clock(CLOCK);
  }

  private static String read(Path p) throws IOException {
    return Files.readString(p, StandardCharsets.UTF_8);
  }

  private static List<Path> files(Path site) throws IOException {
    try (Stream<Path> s = Files.list(site)) {
      return s.sorted().toList();
    }
  }

  // ---------------------------------------------------------------- what it never shows

  @Test
  void site_holdsNoIdentifierTokenOrSubjectReference_inAnyFile() throws IOException {
    Path site = dir.resolve("site");
    report().build().render(site);
    List<Path> files = files(site);
    assertTrue(files.size() >= 10, files.toString());
    for (Path f : files) {
      String text = new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
      for (String secret : SECRETS) {
        assertFalse(text.contains(secret), f.getFileName() + " contains " + secret);
      }
      for (String part : List.of("Mustermann", "XY 1234", "7q3z9x0k", "0042-7781")) {
        assertFalse(text.contains(part), f.getFileName() + " contains " + part);
      }
      if (f.toString().endsWith(".html")) {
        assertFalse(text.contains(PRINCIPAL), f.getFileName() + " names the principal");
        assertFalse(text.contains("growth-team"), f.getFileName() + " names the principal");
      }
    }
  }

  @Test
  void ledgerWithAnIdentifierInAPublicDetail_isRefused() throws IOException {
    Path v1 = dir.resolve("v1.jsonl");
    try (InputStream in =
        getClass().getResourceAsStream("/io/privacity/core/ledger/ledger-v1.jsonl")) {
      Files.copy(in, v1);
    }
    Path site = dir.resolve("refused");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> TransparencyReport.builder().ledger(v1).build().render(site));
    assertTrue(
        e.getMessage().contains("is not publishable: entry 2 (line 3) holds \"justification\""),
        e.getMessage());
    assertFalse(e.getMessage().contains("warrant"), "the message never shows the value");
    try (Stream<Path> s = Files.list(site)) {
      assertEquals(0, s.count(), "nothing published");
    }
  }

  // ---------------------------------------------------------------- what it shows

  @Test
  void index_showsCountsBudgetsAndVerificationFacts() throws IOException {
    Path site = dir.resolve("site");
    List<Path> written = report().build().render(site);
    assertEquals(site.resolve("index.html"), written.get(0));
    String index = read(site.resolve("index.html"));
    assertTrue(index.startsWith("<!DOCTYPE html>\n<html lang=\"en\">"));
    assertTrue(index.contains("<dd id=\"count-releases\">4</dd>"), index);
    assertTrue(index.contains("<dd id=\"count-charges\">3</dd>"));
    assertTrue(index.contains("<dd id=\"count-granted\">1</dd>"));
    assertTrue(index.contains("<dd id=\"count-denied\">1</dd>"));
    assertTrue(index.contains("<dd id=\"count-reidentifications\">1</dd>"));
    assertTrue(index.contains("<dd id=\"count-erasures\">1</dd>"));
    // Budgets: chart bar labels and table cells carry the accountants' numbers.
    assertTrue(index.contains(">bike trips, January 2014</text>"), index);
    assertTrue(index.contains(">0.75 of 1 ε spent (75%)</text>"), index);
    assertTrue(index.contains(">smart meters</text>"), index);
    assertTrue(index.contains(">0.5 of 2 ε spent (25%)</text>"), index);
    assertTrue(index.contains("\">ε = 0.75</td>"), index);
    assertTrue(index.contains("<td data-value=\"0.5\">ε = 0.5, δ = 1·10⁻⁷</td>"), index);
    assertTrue(index.contains("ε = 2, δ = 1·10⁻⁶"));
    // Verification: the publisher's facts, the script's inputs, the key's fingerprint.
    LedgerCheckpoint cp = LedgerCheckpoint.readFrom(checkpointFile);
    assertTrue(index.contains("found 12 entries with head " + cp.head()), index);
    assertTrue(
        index.contains("data-checkpoint=\"checkpoint.txt\" data-key=\"ledger-public-key.pem\""));
    assertTrue(index.contains(key.publicKey().fingerprint()));
    assertTrue(index.contains("data-t-verify-ok=\"Verified: {n} entries, head {head}.\""));
    // Downloads: the exact ledger bytes, the checkpoint, the key.
    assertArrayEquals(
        Files.readAllBytes(ledgerFile), Files.readAllBytes(site.resolve("ledger.jsonl")));
    assertEquals(cp, LedgerCheckpoint.readFrom(site.resolve("checkpoint.txt")));
    assertEquals(key.publicKey().toPem(), read(site.resolve("ledger-public-key.pem")));
    assertTrue(
        TransparencyLedger.verifyCopy(site.resolve("ledger.jsonl"), key.publicKey(), cp).isOk());
  }

  @Test
  void categoryPages_showPurposesGuaranteesAndOutcomes() throws IOException {
    Path site = dir.resolve("site");
    report().build().render(site);
    String releases = read(site.resolve("release.html"));
    assertEquals(4, count(releases, "<tr><th scope=\"row\""));
    assertTrue(releases.contains("<td>released: trips by subscribers</td>"));
    assertTrue(releases.contains("<td>GaussianMechanism</td>"));
    assertTrue(releases.contains("<td class=\"num\" data-value=\"0.25\">0.25</td>"));
    assertTrue(releases.contains("<td class=\"num\" data-value=\"1.0E-7\">1·10⁻⁷</td>"), releases);
    assertTrue(releases.contains("<td>energy-planning</td>"));
    assertTrue(
        releases.contains("<time datetime=\"2026-11-27T09:30:00Z\">2026-11-27 09:30:00</time>"));
    String reid = read(site.resolve("reidentification.html"));
    assertTrue(
        reid.contains(
            "<td>law-enforcement</td><td>plates</td><td>police-officer</td><td>GRANTED</td>"),
        reid);
    String denied = read(site.resolve("access-denied.html"));
    assertTrue(denied.contains("<td>marketing</td>"));
    assertTrue(denied.contains("<td>NO_MATCHING_RULE</td>"));
    String charges = read(site.resolve("budget-charge.html"));
    assertTrue(charges.contains("<td>charged: trips by subscribers</td>"));
    assertTrue(charges.contains("data-value=\"0.25\""));
    assertTrue(Files.exists(site.resolve("erasure.html")));
    assertTrue(Files.exists(site.resolve("key-rotation.html")));
    assertTrue(Files.exists(site.resolve("access-granted.html")));
    assertFalse(Files.exists(site.resolve("other.html")), "no page for an absent category");
  }

  @Test
  void everyPage_isAccessibleStaticHtmlUnderAStrictCsp() throws IOException {
    Path site = dir.resolve("site");
    report().build().render(site);
    Pattern external = Pattern.compile("(?i)(https?:|//[a-z0-9]|url\\(|@import)");
    for (Path f : files(site)) {
      String name = f.getFileName().toString();
      String text = read(f);
      if (name.endsWith(".html")
          || name.endsWith(".css")
          || name.endsWith(".js")
          || name.endsWith(".svg")) {
        Matcher ext = external.matcher(text.replace("xmlns=\"http://www.w3.org/2000/svg\"", ""));
        assertFalse(ext.find(), name + " refers elsewhere: " + (ext.find(0) ? ext.group() : ""));
      }
      if (!name.endsWith(".html")) {
        continue;
      }
      assertFalse(text.contains("style="), name + " has an inline style");
      assertFalse(
          Pattern.compile("<script(?![^>]*\\ssrc=)").matcher(text).find(),
          name + " has an inline script");
      assertFalse(
          Pattern.compile("\\son[a-z]+=").matcher(text).find(),
          name + " has an event handler attribute");
      assertTrue(
          text.contains(
              "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'\">"));
      for (String landmark :
          List.of("<header", "<nav aria-label=", "<main id=\"main\"", "<footer>", "<h1>")) {
        assertTrue(text.contains(landmark), name + " lacks " + landmark);
      }
      assertTrue(text.contains("<a class=\"skip\" href=\"#main\">"));
      assertEquals(
          count(text, "<table"), count(text, "<caption>"), name + ": every table has a caption");
      assertEquals(
          count(text, "<table"),
          count(text, "<thead><tr><th scope=\"col\""),
          name + ": header cells");
    }
  }

  @Test
  void german_isShippedAndComplete() throws IOException {
    Path site = dir.resolve("de");
    report().locale(Locale.GERMANY).build().render(site);
    String index = read(site.resolve("index.html"));
    assertTrue(index.startsWith("<!DOCTYPE html>\n<html lang=\"de\">"));
    assertTrue(index.contains("<h1>Transparenzbericht</h1>"));
    assertTrue(index.contains(">0,75 von 1 ε verbraucht (75\u00a0%)</text>"), index);
    assertTrue(index.contains("data-t-verify-ok=\"Geprüft: {n} Einträge, Kopf {head}.\""));
    assertTrue(read(site.resolve("release.html")).contains("<h1>Veröffentlichungen</h1>"));
    assertThrows(IllegalArgumentException.class, () -> report().locale(Locale.FRENCH));
  }

  @Test
  void englishReport_staysEnglishOnAGermanJvm() throws IOException {
    Locale before = Locale.getDefault();
    Locale.setDefault(Locale.GERMANY);
    try {
      Path site = dir.resolve("en");
      report().build().render(site);
      assertTrue(read(site.resolve("index.html")).contains("<h1>Transparency report</h1>"));
    } finally {
      Locale.setDefault(before);
    }
  }

  @Test
  void withoutCheckpointOrBudgets_theSiteSaysSo() throws IOException {
    Path site = dir.resolve("plain");
    TransparencyReport.builder().ledger(ledgerFile).clock(CLOCK).build().render(site);
    String index = read(site.resolve("index.html"));
    assertTrue(index.contains("No signed checkpoint was published with this ledger."));
    assertTrue(index.contains("No budget snapshots were published with this report."));
    assertFalse(index.contains("data-checkpoint="));
    assertFalse(Files.exists(site.resolve("checkpoint.txt")));
  }

  @Test
  void largeCategories_arePaged() throws IOException {
    Path big = dir.resolve("big.jsonl");
    try (TransparencyLedger ledger = TransparencyLedger.open(LedgerSink.file(big), CLOCK)) {
      for (int i = 0; i < TransparencyReport.PAGE_SIZE + 3; i++) {
        ledger.append(LedgerEventType.OTHER, "event " + i, Map.of());
      }
    }
    Path site = dir.resolve("big");
    TransparencyReport.builder().ledger(big).clock(CLOCK).build().render(site);
    String first = read(site.resolve("other.html"));
    String second = read(site.resolve("other-2.html"));
    assertEquals(TransparencyReport.PAGE_SIZE, count(first, "<tr><th scope=\"row\""));
    assertEquals(3, count(second, "<tr><th scope=\"row\""));
    assertTrue(
        second.contains("<a href=\"other-2.html\" aria-current=\"page\">Page 2</a>"), second);
    assertTrue(first.contains("<a href=\"other-2.html\">Page 2</a>"));
  }

  // ---------------------------------------------------------------- refusals

  @Test
  void tamperedLedger_orForeignCheckpoint_isRefused() throws IOException {
    Path site = dir.resolve("site");
    LedgerSigningKey other = LedgerSigningKey.generate();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> report().checkpoint(checkpointFile, other.publicKey()).build().render(site));
    assertTrue(e.getMessage().contains("does not verify against ledger"), e.getMessage());

    Files.writeString(
        ledgerFile, read(ledgerFile).replace("trips by subscribers", "trips by subscriberz"));
    e =
        assertThrows(
            IllegalArgumentException.class, () -> report().build().render(dir.resolve("t")));
    assertTrue(
        e.getMessage().contains("does not verify: VerificationResult[MODIFIED at line "),
        e.getMessage());
  }

  @Test
  void renderingOverItsInput_isRefused() throws IOException {
    Path site = dir.resolve("self");
    Files.createDirectories(site);
    Path input = site.resolve("ledger.jsonl");
    Files.copy(ledgerFile, input);
    byte[] before = Files.readAllBytes(input);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> TransparencyReport.builder().ledger(input).build().render(site));
    assertTrue(e.getMessage().contains("would overwrite it"), e.getMessage());
    assertArrayEquals(before, Files.readAllBytes(input));
  }

  /**
   * An input named like any file the site holds (a page, a category page, an asset) would be
   * overwritten by the rendering, not only one named ledger.jsonl: the ledger would be lost.
   */
  @Test
  void renderingOverAnInputNamedLikeAnyPageOrAsset_isRefused() throws IOException {
    for (String name :
        List.of("index.html", "release.html", "verify.js", "portal.css", "ledger-public-key.pem")) {
      Path site = dir.resolve("self-" + name);
      Files.createDirectories(site);
      Path input = site.resolve(name);
      Files.copy(ledgerFile, input);
      byte[] before = Files.readAllBytes(input);
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> TransparencyReport.builder().ledger(input).build().render(site),
              name);
      assertTrue(e.getMessage().contains("would overwrite it"), e.getMessage());
      assertArrayEquals(before, Files.readAllBytes(input), name);
      Path cp = site.resolve("c-" + name);
      Files.move(input, cp);
      Files.copy(checkpointFile, input);
      Files.move(cp, site.resolve("ledger-in.jsonl"));
      byte[] cpBefore = Files.readAllBytes(input);
      assertThrows(
          IllegalArgumentException.class,
          () ->
              TransparencyReport.builder()
                  .ledger(site.resolve("ledger-in.jsonl"))
                  .checkpoint(input, key.publicKey())
                  .build()
                  .render(site),
          "checkpoint as " + name);
      assertArrayEquals(cpBefore, Files.readAllBytes(input), "checkpoint as " + name);
    }
  }

  @Test
  void builder_badArguments_throw() {
    TransparencyReport.Builder b = TransparencyReport.builder();
    assertThrows(IllegalStateException.class, b::build);
    assertThrows(IllegalArgumentException.class, () -> b.ledger(null));
    assertThrows(IllegalArgumentException.class, () -> b.checkpoint(null, key.publicKey()));
    assertThrows(IllegalArgumentException.class, () -> b.checkpoint(checkpointFile, null));
    assertThrows(IllegalArgumentException.class, () -> b.budget(" ", trips));
    assertThrows(IllegalArgumentException.class, () -> b.budget("x", null));
    b.budget("x", trips);
    assertThrows(IllegalArgumentException.class, () -> b.budget("x", meters));
    assertThrows(IllegalArgumentException.class, () -> b.title(""));
    assertThrows(IllegalArgumentException.class, () -> b.locale(null));
    assertThrows(IllegalArgumentException.class, () -> b.clock(null));
  }

  // ---------------------------------------------------------------- formatting

  /**
   * A data set's name is text someone typed: in the chart it must not be able to rewrite the
   * numbers shown beside it, neither through a placeholder of the label's template, nor a
   * right-to-left override (U+202E) or right-to-left letters that reorder what follows, nor a
   * length that pushes the numbers out of the picture. The name gets its own text element; the
   * numbers another.
   */
  @Test
  void datasetName_cannotRewriteTheChartsNumbers() throws IOException {
    String name = "trips {percent} {spent} {budget} \u202E 0.01 שלום " + "x".repeat(400);
    Path site = dir.resolve("site");
    TransparencyReport.builder()
        .ledger(ledgerFile)
        .budget(name, trips)
        .clock(CLOCK)
        .build()
        .render(site);
    String index = read(site.resolve("index.html"));
    Matcher bar = Pattern.compile("<g class=\"bar\">(.*?)</g>", Pattern.DOTALL).matcher(index);
    assertTrue(bar.find(), index);
    List<String> texts = new ArrayList<>();
    Matcher text = Pattern.compile("<text[^>]*>([^<]*)</text>").matcher(bar.group(1));
    while (text.find()) {
      texts.add(text.group(1));
    }
    assertEquals(List.of(name, "0.75 of 1 ε spent (75%)"), texts, "name and numbers apart");
    assertEquals("{a} and x", Messages.substitute("{a} and {b}", "a", "{a}", "b", "x"));
    assertEquals("{b} and x", Messages.substitute("{a} and {b}", "a", "{b}", "b", "x"));
  }

  /**
   * The ledger accepts any Instant as an entry's time, up to the year 1,000,000,000 either way;
   * LocalDateTime stops at 999,999,999. A valid ledger with such a time (a clock gone wrong, or an
   * insider's) must still render, not fail with an undeclared DateTimeException; years before 1
   * read as proleptic years (-0001), not years of an era.
   */
  @Test
  void timesAtTheEndsOfTheInstantRange_render() throws IOException {
    for (Instant t : List.of(Instant.MAX, Instant.MIN, Instant.parse("-0001-06-01T00:00:00Z"))) {
      Clock clock = Clock.fixed(t, ZoneOffset.UTC);
      Path file = dir.resolve("edge-" + t.getEpochSecond() + ".jsonl");
      Path cp = dir.resolve("edge-" + t.getEpochSecond() + ".checkpoint");
      try (TransparencyLedger ledger = TransparencyLedger.open(LedgerSink.file(file), clock)) {
        ledger.append(LedgerEventType.OTHER, "clock gone wrong", Map.of());
        ledger.writeCheckpoint(key, cp);
      }
      Path site = dir.resolve("edge-site-" + t.getEpochSecond());
      TransparencyReport.builder()
          .ledger(file)
          .checkpoint(cp, key.publicKey())
          .clock(clock)
          .build()
          .render(site);
      String page = read(site.resolve("other.html"));
      assertTrue(page.contains("<time datetime=\"" + t + "\">"), page);
    }
    String early =
        read(
            dir.resolve("edge-site-" + Instant.parse("-0001-06-01T00:00:00Z").getEpochSecond())
                .resolve("other.html"));
    assertTrue(early.contains(">-0001-06-01 00:00:00</time>"), early);
  }

  /**
   * Everything an insider can type (summaries, purposes, data sets, roles, outcomes, a mechanism's
   * name, budget names, the title) reaches the pages only as text: no element, attribute, event
   * handler or link of the insider's making, in either language.
   */
  @Test
  void insiderText_isInertOnEveryPage_inEnglishAndGerman() throws IOException {
    String evil =
        "<script>alert(1)</script>\"'><img src=x onerror=alert(2)></title></textarea>"
            + "<a href=\"javascript:alert(3)\">x</a>&amp;\u202e\u0000\r{percent}";
    Path file = dir.resolve("evil.jsonl");
    try (TransparencyLedger ledger = TransparencyLedger.open(LedgerSink.file(file), CLOCK)) {
      for (LedgerEventType type : LedgerEventType.values()) {
        ledger.append(
            type,
            evil,
            Map.of(
                "purpose", evil,
                "domain", evil,
                "roles", evil,
                "outcome", evil,
                "epsilon", "0x1p3",
                "guarantee",
                    "{\"mechanism\":\"" + evil.replace("\"", "\\\"") + "\",\"epsilon\":1e400}"));
      }
    }
    Set<String> tags =
        Set.of(
            "html", "head", "meta", "title", "link", "script", "body", "a", "header", "p", "nav",
            "ul", "li", "main", "h1", "h2", "section", "div", "button", "dl", "dt", "dd", "table",
            "caption", "thead", "tbody", "tr", "th", "td", "time", "figure", "svg", "desc", "g",
            "text", "rect", "details", "summary", "pre", "code", "footer");
    // A real tag: the page escapes every '<' of text, so each one here is the renderer's.
    Pattern tag = Pattern.compile("<([a-zA-Z][a-zA-Z0-9]*)([^>]*)>");
    Pattern href = Pattern.compile("\\shref=\"([^\"]*)\"");
    for (Locale locale : List.of(Locale.ENGLISH, Locale.GERMAN)) {
      Path site = dir.resolve("evil-" + locale);
      TransparencyReport.builder()
          .ledger(file)
          .title(evil)
          .budget(evil, trips)
          .locale(locale)
          .clock(CLOCK)
          .build()
          .render(site);
      for (Path f : files(site)) {
        String name = f.getFileName().toString();
        if (!name.endsWith(".html")) {
          continue;
        }
        String html = read(f);
        Matcher t = tag.matcher(html);
        while (t.find()) {
          assertTrue(tags.contains(t.group(1)), name + ": element <" + t.group(1) + ">");
          assertFalse(
              Pattern.compile("\\son[a-z]+=").matcher(t.group(2)).find(),
              name + ": event handler in " + t.group());
        }
        Matcher h = href.matcher(html);
        while (h.find()) {
          assertTrue(
              h.group(1).matches("#main|[a-z0-9-]+\\.(html|css|svg|jsonl|txt|pem)"),
              name + ": link " + h.group(1));
        }
        assertEquals(name.equals("index.html") ? 1 : 0, count(html, "<script"), name);
        assertEquals(count(html, "<title"), count(html, "</title>"), name);
        assertFalse(html.contains("\u0000") || html.contains("\r"), name + ": control characters");
        assertTrue(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&gt;&lt;img"), name);
      }
    }
  }

  @Test
  void numbers_readLikePeopleWriteThem() {
    Messages en = new Messages(Locale.ENGLISH);
    Messages de = new Messages(Locale.GERMAN);
    List<String> got = new ArrayList<>();
    for (double v : new double[] {0, 1, 0.25, 1.0 / 3, 2.5e-5, 1e-6, 1.5e-9, 12345.678, -0.5}) {
      got.add(en.number(v));
    }
    assertEquals(
        List.of("0", "1", "0.25", "0.3333", "2.5·10⁻⁵", "1·10⁻⁶", "1.5·10⁻⁹", "12350", "−0.5"),
        got);
    assertEquals("0,25", de.number(0.25));
    assertEquals("75%", en.percent(0.75));
    assertEquals("0.5%", en.percent(0.005));
  }

  private static int count(String text, String needle) {
    int n = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }
}

package io.privacity.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.core.ledger.LedgerCheckpoint;
import io.privacity.core.ledger.LedgerEventType;
import io.privacity.core.ledger.LedgerPublicKey;
import io.privacity.core.ledger.LedgerSigningKey;
import io.privacity.core.ledger.TransparencyLedger;
import io.privacity.core.ledger.VerificationResult;
import io.privacity.core.report.TransparencyReport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * The two verifiers of a published ledger, the library's ({@link TransparencyLedger#verifyCopy})
 * and the portal's script in a citizen's browser, must reach the same verdict on every input, valid
 * or not: a ledger the library rejects must never be shown as "Verified". Each case is a crafted
 * file (its chain hashes recomputed, as a forger would) served to the real page in headless
 * Chromium; the page's verdict and first bad line are compared with the library's.
 *
 * <p>The inputs are the ones where JSON parsers and canonical forms part ways: duplicate members,
 * numbers spelled {@code -0}, {@code 2.0}, {@code 1e400} or beyond 2^53, {@code \\u} escapes, lone
 * surrogates, raw U+2028, a byte-order mark, CRLF, a last line without newline, non-canonical
 * times, members out of order or missing, blank summaries (Java's idea of blank), keys that
 * JavaScript orders differently; and a ledger, checkpoint or key swapped for another valid one.
 */
class PortalVerifierDifferentialTest {
  private static final String GENESIS = TransparencyLedger.GENESIS_HASH;
  private static final String TIME = "2026-11-27T08:00:00Z";
  private static final String COMMITMENT =
      "hmac-sha256:0a1b2c3d:AAAAAAAAAAAAAAAAAAAAAA:" + "B".repeat(42) + "A";
  private static final Pattern FAILED_AT = Pattern.compile("^Verification failed at line (\\d+): ");
  private static final Pattern VERIFIED =
      Pattern.compile("^Verified: (\\d+) entries, head ([0-9a-f]{64})\\.$");

  @TempDir static Path dir;
  static HeadlessChromium chromium;
  static LedgerSigningKey key;
  static Path signingKeyFile;

  /** A site rendered from a valid base ledger; invalid cases are served in its place. */
  static Path baseSite;

  static PortalServer baseServer;
  static String baseHead;
  static byte[] baseLedger;

  /** A site rendered afresh for each valid case. */
  static Path caseSite;

  static PortalServer caseServer;

  @BeforeAll
  static void start() throws Exception {
    chromium = HeadlessChromium.start();
    key = LedgerSigningKey.generate();
    signingKeyFile = dir.resolve("signing.pem");
    key.writeTo(signingKeyFile);
    Path base = dir.resolve("base.jsonl");
    try (TransparencyLedger l = TransparencyLedger.openFile(base)) {
      for (int i = 0; i < 4; i++) {
        l.append(
            LedgerEventType.RELEASE,
            "released: count " + i,
            Map.of("epsilon", "0.5"),
            Map.of("token", "T" + i));
      }
      baseHead = l.head();
    }
    baseLedger = Files.readAllBytes(base);
    baseSite = dir.resolve("base-site");
    TransparencyReport.builder().ledger(base).build().render(baseSite);
    caseSite = dir.resolve("case-site");
    Files.createDirectories(caseSite);
    baseServer = PortalServer.start(baseSite, 0);
    caseServer = PortalServer.start(caseSite, 0);
  }

  @AfterAll
  static void stop() throws IOException {
    if (chromium != null) {
      chromium.close();
    }
    if (baseServer != null) {
      baseServer.close();
    }
    if (caseServer != null) {
      caseServer.close();
    }
  }

  // ---------------------------------------------------------------- crafting ledgers

  /**
   * One crafted line: {@code prefix + "{" + members + ",\"hash\":\"H\"}" + suffix}, where H is
   * SHA-256 over {@code "privacity-ledger-v" + domain + "\n" + prefix + "{" + members + "}"} (what
   * an outside checker hashes: the line up to {@code ,"hash":"} with {@code }} appended). In {@code
   * members}, {@code {seq}} and {@code {prev}} are replaced by the line's position and the hash of
   * the line before.
   */
  record Tpl(String prefix, String members, String suffix, int domain) {
    Tpl with(String from, String to) {
      return new Tpl(prefix, members.replace(from, to), suffix, domain);
    }
  }

  static Tpl v2(String type, String summaryJson, String detailsJson, String privateJson) {
    return new Tpl(
        "",
        "\"v\":2,\"seq\":{seq},\"time\":\""
            + TIME
            + "\",\"type\":\""
            + type
            + "\",\"summary\":"
            + summaryJson
            + ",\"details\":"
            + detailsJson
            + ",\"private\":"
            + privateJson
            + ",\"prev\":\"{prev}\"",
        "",
        2);
  }

  static Tpl plain(String summary) {
    return v2("OTHER", "\"" + summary + "\"", "{}", "{}");
  }

  static Tpl v1(String summary) {
    return new Tpl(
        "",
        "\"seq\":{seq},\"time\":\""
            + TIME
            + "\",\"type\":\"OTHER\",\"summary\":\""
            + summary
            + "\",\"details\":{},\"prev\":\"{prev}\"",
        "",
        1);
  }

  static byte[] chain(List<Tpl> lines, boolean finalNewline) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String prev = GENESIS;
    for (int i = 0; i < lines.size(); i++) {
      Tpl t = lines.get(i);
      String members = t.members().replace("{seq}", Integer.toString(i)).replace("{prev}", prev);
      String body = t.prefix() + "{" + members;
      String hash = sha256("privacity-ledger-v" + t.domain() + "\n" + body + "}");
      String line = body + ",\"hash\":\"" + hash + "\"}" + t.suffix();
      out.writeBytes(line.getBytes(StandardCharsets.UTF_8));
      if (finalNewline || i < lines.size() - 1) {
        out.write('\n');
      }
      prev = hash;
    }
    return out.toByteArray();
  }

  static byte[] chain(Tpl... lines) {
    return chain(List.of(lines), true);
  }

  static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  // ---------------------------------------------------------------- the two verdicts

  /** ok with a count and head, or bad at a line (0: not at a line, e.g. a bad checkpoint). */
  record Verdict(boolean ok, long line, long entries, String head) {
    static Verdict bad(long line) {
      return new Verdict(false, line, -1, null);
    }
  }

  /**
   * The library's verdict on what a page serves: the chain, then that it holds the head the page
   * was made from, then (if the page has one) the served checkpoint under the page's key.
   */
  static Verdict library(
      byte[] ledger, String pageHead, LedgerPublicKey pageKey, String checkpoint, String pem)
      throws IOException {
    Path copy = dir.resolve("copy.jsonl");
    Files.write(copy, ledger);
    VerificationResult chain = TransparencyLedger.verifyCopy(copy, GENESIS);
    if (!chain.isOk()) {
      return Verdict.bad(chain.line());
    }
    if (!TransparencyLedger.verifyCopy(copy, pageHead).isOk()) {
      return Verdict.bad(0);
    }
    if (pageKey != null) {
      try {
        if (!LedgerPublicKey.fromPem(pem).equals(pageKey)
            || !TransparencyLedger.verifyCopy(copy, pageKey, LedgerCheckpoint.parse(checkpoint))
                .isOk()) {
          return Verdict.bad(0);
        }
      } catch (IllegalArgumentException e) {
        return Verdict.bad(0);
      }
    }
    return new Verdict(true, 0, chain.validEntries(), chain.validHead());
  }

  /** The page's verdict, as a citizen reads it. */
  static Verdict browser(PortalServer server) {
    chromium.driver.get(server.uri() + "index.html");
    String state = HeadlessChromium.awaitVerification(chromium.driver);
    String text = chromium.driver.findElement(By.id("verify-result")).getText();
    assertFalse(state.equals("error"), text);
    if (state.equals("ok")) {
      Matcher m = VERIFIED.matcher(text);
      assertTrue(m.matches(), text);
      return new Verdict(true, 0, Long.parseLong(m.group(1)), m.group(2));
    }
    Matcher m = FAILED_AT.matcher(text);
    return Verdict.bad(m.find() ? Long.parseLong(m.group(1)) : 0);
  }

  /** Renders a valid ledger (and a checkpoint of it, if asked) and serves it; both must say ok. */
  void assertBothVerify(String name, byte[] ledger, boolean signed) throws Exception {
    Path file = dir.resolve("case.jsonl");
    Files.write(file, ledger);
    VerificationResult r = TransparencyLedger.verifyCopy(file, GENESIS);
    assertTrue(r.isOk(), name + ": the case must be valid for the library: " + r);
    TransparencyReport.Builder b = TransparencyReport.builder().ledger(file);
    if (signed) {
      Path cp = dir.resolve("case.checkpoint");
      Files.deleteIfExists(cp);
      try (TransparencyLedger l = TransparencyLedger.openFile(file)) {
        l.checkpoint(key).writeTo(cp);
      }
      b.checkpoint(cp, key.publicKey());
    }
    b.build().render(caseSite);
    Verdict expected = new Verdict(true, 0, r.validEntries(), r.validHead());
    agree(name, expected, browser(caseServer));
  }

  /** Disagreements found so far in a test: all are reported at its end, not only the first. */
  private final List<String> disagreements = new ArrayList<>();

  private void agree(String name, Verdict library, Verdict page) {
    if (!library.equals(page)) {
      disagreements.add(name + ": library " + library + ", page " + page);
    }
  }

  @AfterEach
  void noDisagreement() {
    assertEquals(List.of(), disagreements, "the library and the page disagree");
  }

  /** Serves an invalid ledger in place of the base site's; both must name the same bad line. */
  void assertBothRefuse(String name, byte[] ledger) throws Exception {
    Verdict expected = library(ledger, baseHead, null, null, null);
    assertFalse(expected.ok(), name + ": the case must be invalid for the library");
    Files.write(baseSite.resolve("ledger.jsonl"), ledger);
    agree(name, expected, browser(baseServer));
  }

  // ---------------------------------------------------------------- valid inputs

  @Test
  void validLedgers_areVerifiedByBoth() throws Exception {
    Map<String, byte[]> cases = new LinkedHashMap<>();
    cases.put("empty", new byte[0]);
    cases.put(
        "escapes, quotes, emoji, right-to-left, raw DEL, U+2028 escaped",
        chain(
            plain("\\\"q\\\" \\\\ \\u0001 \\t\\n 🚲 שלום \u007f \\u2028 \\u2029 </title><script>"),
            plain("Straße — \u00e9 non-NFC e\u0301")));
    cases.put(
        "keys JavaScript would order otherwise (integer-like, supplementary vs BMP), __proto__",
        chain(
            v2(
                "OTHER",
                "\"keys\"",
                "{\"\":\"e\",\"10\":\"a\",\"9\":\"b\",\"__proto__\":\"p\",\"😀\":\"s\",\"\uffff\":\"f\"}",
                "{\"token\":\"" + COMMITMENT + "\"}")));
    cases.put(
        "not blank for Java: no-break spaces, zero width, BOM, NEL, Mongolian vowel separator",
        chain(
            plain("\u00a0"),
            plain("\u2007"),
            plain("\u202f"),
            plain("\ufeff"),
            plain("\u200b"),
            plain("\u0085"),
            plain("\u180e")));
    cases.put(
        "times in every canonical spelling",
        chain(
            plain("t").with(TIME, "+10000-01-01T00:00:00Z"),
            plain("t").with(TIME, "-0001-12-31T23:59:59Z"),
            plain("t").with(TIME, "0000-01-01T00:00:00Z"),
            plain("t").with(TIME, "2024-02-29T12:00:00.001Z"),
            plain("t").with(TIME, "2026-11-27T08:00:00.000001Z"),
            plain("t").with(TIME, "2026-11-27T08:00:00.123456789Z"),
            plain("t").with(TIME, "+1000000000-12-31T23:59:59.999999999Z"),
            plain("t").with(TIME, "-1000000000-01-01T00:00:00Z")));
    cases.put("version 1, then version 2", chain(v1("old"), v1("old too"), plain("new")));
    for (Map.Entry<String, byte[]> c : cases.entrySet()) {
      assertBothVerify(c.getKey(), c.getValue(), false);
    }
    assertBothVerify("signed", chain(plain("a"), plain("b")), true);
  }

  // ---------------------------------------------------------------- invalid inputs

  @Test
  void malformedOrForgedLedgers_failAtTheSameLineInBoth() throws Exception {
    Tpl ok = plain("fine");
    Map<String, byte[]> cases = new LinkedHashMap<>();
    cases.put("duplicate seq", chain(ok, ok.with("\"seq\":{seq}", "\"seq\":{seq},\"seq\":{seq}")));
    cases.put(
        "duplicate type: RELEASE for one parser, ERASURE for another",
        chain(ok, ok.with("\"type\":\"OTHER\"", "\"type\":\"RELEASE\",\"type\":\"ERASURE\"")));
    cases.put("seq -0", chain(ok.with("{seq}", "-0")));
    cases.put("seq 0.0", chain(ok.with("{seq}", "0.0")));
    cases.put("seq 1e0", chain(ok, ok.with("{seq}", "1e0")));
    cases.put("seq 1e400", chain(ok, ok.with("{seq}", "1e400")));
    cases.put("seq 2^53 + 1", chain(ok, ok.with("{seq}", "9007199254740993")));
    cases.put("v 2.0", chain(ok.with("\"v\":2", "\"v\":2.0")));
    cases.put("v 1 spelled out", chain(new Tpl("", "\"v\":1," + v1("x").members(), "", 1)));
    cases.put("v \"2\"", chain(ok.with("\"v\":2", "\"v\":\"2\"")));
    cases.put("v 3", chain(ok, new Tpl("", ok.members().replace("\"v\":2", "\"v\":3"), "", 3)));
    cases.put("\\u escape of a letter", chain(ok, plain("\\u0041")));
    cases.put("escaped solidus", chain(plain("a\\/b")));
    cases.put("escaped lone surrogate", chain(ok, ok, plain("\\ud800")));
    cases.put("escaped surrogate pair", chain(plain("\\ud83d\\udeb2")));
    cases.put("raw U+2028", chain(ok, plain("a\u2028b")));
    cases.put("escaped DEL", chain(plain("\\u007f")));
    cases.put("upper-case escape", chain(plain("\\u001F")));
    cases.put("raw control character", chain(ok, plain("a\u0001b")));
    cases.put("byte-order mark", chain(List.of(new Tpl("\ufeff", ok.members(), "", 2), ok), true));
    cases.put("CRLF", chain(List.of(ok, new Tpl("", ok.members(), "\r", 2)), true));
    cases.put("last line without newline", chain(List.of(ok, ok), false));
    cases.put("empty line", concat(chain(ok), "\n".getBytes(StandardCharsets.US_ASCII)));
    cases.put("whitespace between members", chain(ok.with(",\"seq\"", ", \"seq\"")));
    cases.put(
        "whitespace in an empty map", chain(ok, ok.with("\"details\":{}", "\"details\":{ }")));
    cases.put(
        "members out of order",
        chain(
            ok.with(
                "\"seq\":{seq},\"time\":\"" + TIME + "\"",
                "\"time\":\"" + TIME + "\",\"seq\":{seq}")));
    cases.put("extra member", chain(ok, ok.with("\"summary\"", "\"x\":1,\"summary\"")));
    cases.put("version 2 without private", chain(ok.with(",\"private\":{}", "")));
    cases.put(
        "version 1 with private",
        chain(
            new Tpl(
                "", v1("x").members().replace(",\"prev\"", ",\"private\":{},\"prev\""), "", 1)));
    cases.put("unknown type", chain(ok, v2("HACK", "\"x\"", "{}", "{}")));
    cases.put("blank summary", chain(ok, plain(" ")));
    cases.put(
        "summary of Java whitespace only",
        chain(
            ok,
            plain(
                "\\t\\n\\u000b\\f\\r\\u001c\\u001d\\u001e\\u001f \u1680\u2000\u2001\u2002"
                    + "\u2003\u2004\u2005\u2006\u2008\u2009\u200a\\u2028\\u2029\u205f\u3000")));
    cases.put("summary a number", chain(v2("OTHER", "5", "{}", "{}")));
    cases.put("details value a number", chain(v2("OTHER", "\"x\"", "{\"a\":1}", "{}")));
    cases.put("details value null", chain(v2("OTHER", "\"x\"", "{\"a\":null}", "{}")));
    cases.put("details an array", chain(v2("OTHER", "\"x\"", "[]", "{}")));
    cases.put(
        "details out of order", chain(v2("OTHER", "\"x\"", "{\"b\":\"1\",\"a\":\"2\"}", "{}")));
    cases.put(
        "details duplicate key", chain(v2("OTHER", "\"x\"", "{\"a\":\"1\",\"a\":\"1\"}", "{}")));
    cases.put(
        "details in code point order, not UTF-16 order",
        chain(v2("OTHER", "\"x\"", "{\"\uffff\":\"1\",\"😀\":\"2\"}", "{}")));
    cases.put(
        "malformed commitment", chain(v2("OTHER", "\"x\"", "{}", "{\"token\":\"hmac-sha256:x\"}")));
    cases.put(
        "a name both public and private",
        chain(v2("OTHER", "\"x\"", "{\"token\":\"t\"}", "{\"token\":\"" + COMMITMENT + "\"}")));
    cases.put("upper-case prev", upperCasePrev());
    cases.put("version 1 after version 2", chain(ok, v1("old")));
    for (String time :
        List.of(
            "2026-11-27T08:00:00.5Z",
            "2026-11-27T08:00:00.500Z",
            "2026-11-27T08:00:00.000Z",
            "2026-11-27T08:00:00.100000Z",
            "2026-11-27T08:00Z",
            "2026-11-27T08:00:00+00:00",
            "2026-11-27t08:00:00z",
            "2026-02-29T00:00:00Z",
            "2026-11-27T23:59:60Z",
            "2026-11-27T24:00:00Z",
            "+2026-11-27T08:00:00Z",
            "10000-01-01T00:00:00Z",
            "-0000-01-01T00:00:00Z",
            "-00001-01-01T00:00:00Z",
            "+1000000001-01-01T00:00:00Z",
            "２０２６-11-27T08:00:00Z")) {
      cases.put("time " + time, chain(ok, ok.with(TIME, time)));
    }
    byte[] good = chain(ok, ok, ok);
    for (int at : new int[] {5, 60, good.length / 2, good.length - 3}) {
      byte[] flipped = good.clone();
      flipped[at] ^= 1;
      cases.put("byte " + at + " flipped", flipped);
    }
    byte[] twice = concat(chain(ok), chain(ok));
    cases.put("a line twice", twice);
    // Valid chains, but not the one the page was made from (no checkpoint to catch it).
    String base = new String(baseLedger, StandardCharsets.UTF_8);
    cases.put(
        "the page's ledger, truncated",
        base.substring(0, base.indexOf('\n', base.indexOf('\n') + 1) + 1)
            .getBytes(StandardCharsets.UTF_8));
    cases.put("another valid ledger", chain(ok, ok, ok, ok, ok));
    for (Map.Entry<String, byte[]> c : cases.entrySet()) {
      assertBothRefuse(c.getKey(), c.getValue());
    }
  }

  /** The second line's prev in upper case, its hash recomputed over that spelling. */
  private static byte[] upperCasePrev() {
    String first = new String(chain(plain("fine")), StandardCharsets.UTF_8).strip();
    String h = first.substring(first.length() - 66, first.length() - 2);
    Tpl second = plain("fine").with("{prev}", h.toUpperCase(java.util.Locale.ROOT));
    String members = second.members().replace("{seq}", "1");
    String hash = sha256("privacity-ledger-v2\n{" + members + "}");
    return (first + "\n{" + members + ",\"hash\":\"" + hash + "\"}\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  // ---------------------------------------------------------------- random forgeries

  /** What a forger may splice into a line's members: JSON syntax, numbers, escapes, odd text. */
  private static final List<String> SPLICES =
      List.of(
          "\"",
          "\\",
          ",",
          ":",
          "{",
          "}",
          "[",
          "]",
          "0",
          "1",
          "-",
          "+",
          "e",
          "E",
          ".",
          " ",
          "\t",
          "\u0000",
          "\u001f",
          "\u007f",
          "\u2028",
          "\ufeff",
          "\u00a0",
          "é",
          "e\u0301",
          "😀",
          "\\u0041",
          "\\ud800",
          "\\u2028",
          "\\/",
          "\\n",
          "null",
          "true",
          "1e400",
          "-0",
          "9007199254740993",
          "\"v\":2,",
          "\"seq\":0,",
          "\"x\":\"y\",",
          "Z",
          "T",
          "+00:00",
          ".000",
          "OTHER",
          "RELEASE");

  /**
   * Many random forgeries, each line's hash recomputed after the change, judged by both checkers
   * (the script's PrivacityLedger.checkLedger, run in the page, and verifyCopy): the same verdict
   * and the same first bad line every time. The seed is fixed, so a disagreement reproduces.
   */
  @Test
  void randomForgeries_getTheSameVerdictFromBoth() throws Exception {
    java.util.Random random = new java.util.Random(4711);
    List<Tpl> base =
        List.of(
            v1("first"),
            v2("RELEASE", "\"released: count\"", "{\"epsilon\":\"0.5\"}", "{}"),
            v2(
                "REIDENTIFICATION",
                "\"re-identified\"",
                "{\"outcome\":\"GRANTED\"}",
                "{\"token\":\"" + COMMITMENT + "\"}"),
            plain("last").with(TIME, "2026-11-27T08:00:00.123Z"));
    List<byte[]> ledgers = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      List<Tpl> lines = new ArrayList<>(base);
      int at = random.nextInt(lines.size());
      Tpl t = lines.get(at);
      String m = t.members();
      int edits = 1 + random.nextInt(2);
      for (int k = 0; k < edits; k++) {
        int pos = random.nextInt(m.length() + 1);
        String splice = SPLICES.get(random.nextInt(SPLICES.size()));
        int cut = random.nextInt(3) == 0 ? Math.min(m.length() - pos, 1 + random.nextInt(4)) : 0;
        // Never cut into the {seq} and {prev} placeholders the chain fills in.
        if (m.substring(Math.max(0, pos - 6), Math.min(m.length(), pos + cut + 6)).contains("{")) {
          cut = 0;
        }
        m = m.substring(0, pos) + splice + m.substring(pos + cut);
      }
      lines.set(at, new Tpl(t.prefix(), m, t.suffix(), t.domain()));
      ledgers.add(chain(lines, random.nextInt(20) != 0));
    }
    chromium.driver.get(baseServer.uri() + "index.html");
    HeadlessChromium.awaitVerification(chromium.driver);
    List<String> encoded = new ArrayList<>();
    for (byte[] l : ledgers) {
      encoded.add(Base64.getEncoder().encodeToString(l));
    }
    StringBuilder types = new StringBuilder();
    for (LedgerEventType t : LedgerEventType.values()) {
      types.append(types.length() == 0 ? "" : " ").append(t.name());
    }
    Object answer =
        chromium.driver.executeAsyncScript(
            "const done = arguments[arguments.length - 1];"
                + "const types = arguments[1].split(' ');"
                + "Promise.all(arguments[0].map((b) => PrivacityLedger.checkLedger("
                + "  Uint8Array.from(atob(b), (c) => c.charCodeAt(0)), types)))"
                + ".then((rs) => done(rs.map((r) => r.ok ? 'ok ' + r.hashes.length : 'bad ' + r.line)))"
                + ".catch((e) => done('ERROR ' + e));",
            encoded,
            types.toString());
    assertTrue(answer instanceof List, String.valueOf(answer));
    List<?> page = (List<?>) answer;
    int valid = 0;
    for (int i = 0; i < ledgers.size(); i++) {
      Path copy = dir.resolve("random.jsonl");
      Files.write(copy, ledgers.get(i));
      VerificationResult r = TransparencyLedger.verifyCopy(copy, GENESIS);
      String library = r.isOk() ? "ok " + r.validEntries() : "bad " + r.line();
      valid += r.isOk() ? 1 : 0;
      if (!library.equals(page.get(i))) {
        disagreements.add(
            "forgery "
                + i
                + ": library "
                + library
                + ", page "
                + page.get(i)
                + "\n"
                + new String(ledgers.get(i), StandardCharsets.UTF_8));
      }
    }
    // Both outcomes occur, or the comparison would prove little.
    assertTrue(valid >= 10 && valid < 590, "valid forgeries: " + valid);
  }

  // ---------------------------------------------------------------- swapped files

  /**
   * Whoever can replace files on the web server (not the pages) serves another valid chain, an
   * older checkpoint spelled otherwise, or another operator's key and checkpoint. The page must not
   * say "verified" for a ledger other than the one its numbers come from, nor for a checkpoint the
   * library would refuse.
   */
  @Test
  void swappedLedgerCheckpointOrKey_isRefusedByBoth() throws Exception {
    byte[] ledger = chain(plain("a"), plain("b"), plain("c"));
    assertBothVerify("signed site", ledger, true);
    Path cpFile = caseSite.resolve("checkpoint.txt");
    Path keyFile = caseSite.resolve("ledger-public-key.pem");
    String cp = Files.readString(cpFile);
    String pem = Files.readString(keyFile);
    Path copy = dir.resolve("swap.jsonl");
    Files.write(copy, ledger);
    String head = TransparencyLedger.verifyCopy(copy, GENESIS).validHead();

    Map<String, String[]> swaps = new LinkedHashMap<>();
    byte[] shorter = chain(plain("a"), plain("b"));
    byte[] other = chain(plain("x"), plain("y"), plain("z"), plain("w"));
    LedgerCheckpoint c = LedgerCheckpoint.parse(cp);
    swaps.put("truncated ledger", new String[] {utf8(shorter), cp, pem});
    swaps.put("another valid ledger", new String[] {utf8(other), cp, pem});
    String sig = c.signature();
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    String mangled =
        sig.substring(0, 85) + alphabet.charAt(alphabet.indexOf(sig.charAt(85)) ^ 1) + "==";
    swaps.put(
        "signature in non-canonical Base64",
        new String[] {utf8(ledger), cp.replace(sig, mangled), pem});
    String oddTime = c.time().toString().replace("Z", "").replaceAll("\\.\\d+$", "") + ".5Z";
    swaps.put(
        "signed checkpoint with a non-canonical time",
        new String[] {utf8(ledger), signed(3, head, oddTime, key), pem});
    LedgerSigningKey stranger = LedgerSigningKey.generate();
    Path strangerFile = dir.resolve("stranger-" + System.nanoTime() + ".pem");
    stranger.writeTo(strangerFile);
    swaps.put(
        "another operator's key and checkpoint",
        new String[] {
          utf8(ledger),
          signedWith(strangerFile, stranger.publicKey().keyId(), 3, head, c.time().toString()),
          stranger.publicKey().toPem()
        });
    byte[] identity = new byte[32];
    identity[0] = 1;
    byte[] spki = Arrays.copyOf(HexFormat.of().parseHex("302a300506032b6570032100"), 44);
    System.arraycopy(identity, 0, spki, 12, 32);
    String identityPem =
        "-----BEGIN PUBLIC KEY-----\n"
            + Base64.getEncoder().encodeToString(spki)
            + "\n-----END PUBLIC KEY-----\n";
    String identityId =
        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(spki)).substring(0, 8);
    byte[] universal = new byte[64];
    universal[0] = 1; // R = the identity, S = 0: valid for every message under this key
    String forged =
        "privacity-ledger-checkpoint v1\nsize 3\nhead "
            + head
            + "\ntime "
            + c.time()
            + "\n\nsig "
            + identityId
            + " "
            + Base64.getEncoder().encodeToString(universal)
            + "\n";
    swaps.put(
        "a small-order key that verifies anything",
        new String[] {utf8(ledger), forged, identityPem});
    swaps.put(
        "checkpoint beyond the ledger",
        new String[] {utf8(ledger), signed(4, head, c.time().toString(), key), pem});
    for (Map.Entry<String, String[]> s : swaps.entrySet()) {
      String[] files = s.getValue();
      byte[] served = files[0].getBytes(StandardCharsets.UTF_8);
      Verdict expected = library(served, head, key.publicKey(), files[1], files[2]);
      Files.write(caseSite.resolve("ledger.jsonl"), served);
      Files.writeString(cpFile, files[1]);
      Files.writeString(keyFile, files[2]);
      assertFalse(expected.ok(), s.getKey() + ": the library must refuse it");
      agree(s.getKey(), expected, browser(caseServer));
    }
  }

  private static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  private static String signed(long size, String head, String time, LedgerSigningKey k)
      throws Exception {
    return signedWith(signingKeyFile, k.publicKey().keyId(), size, head, time);
  }

  /** A checkpoint text signed over exactly its first four lines, however they are spelled. */
  private static String signedWith(Path pem, String keyId, long size, String head, String time)
      throws IOException, GeneralSecurityException {
    Signature s = Signature.getInstance("Ed25519");
    s.initSign(
        KeyFactory.getInstance("Ed25519")
            .generatePrivate(new PKCS8EncodedKeySpec(CheckpointTinkCrossCheckTest.pkcs8(pem))));
    String body =
        "privacity-ledger-checkpoint v1\nsize " + size + "\nhead " + head + "\ntime " + time + "\n";
    s.update(body.getBytes(StandardCharsets.US_ASCII));
    return body + "\nsig " + keyId + " " + Base64.getEncoder().encodeToString(s.sign()) + "\n";
  }
}

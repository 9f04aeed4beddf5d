package io.privacity.core.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.privacity.core.ledger.VerificationResult.Problem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class TransparencyLedgerTest {
  private static final Clock FIXED =
      Clock.fixed(Instant.parse("2026-11-27T03:00:00.123456Z"), ZoneOffset.UTC);

  @TempDir Path dir;

  // ---------------------------------------------------------------- bad input, enumerated

  @Test
  void append_nullType_throws() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> TransparencyLedger.inMemory().append(null, "x", Map.of()));
    assertEquals("type must not be null", e.getMessage());
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {" ", "\t", "\n", "  \r\n "})
  void append_blankSummary_throws(String summary) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> TransparencyLedger.inMemory().append(LedgerEventType.OTHER, summary, Map.of()));
    assertTrue(e.getMessage().startsWith("summary must be a non-empty string"), e.getMessage());
  }

  @Test
  void append_nullDetails_throws() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> TransparencyLedger.inMemory().append(LedgerEventType.OTHER, "x", null));
    assertEquals("details must not be null", e.getMessage());
  }

  static Stream<Arguments> badDetails() {
    Map<String, String> nullKey = new HashMap<>();
    nullKey.put(null, "v");
    Map<String, String> nullValue = new HashMap<>();
    nullValue.put("k", null);
    return Stream.of(
        Arguments.of(nullKey, "details must not contain a null key"),
        Arguments.of(nullValue, "details value for key \"k\" must not be null"),
        Arguments.of(Map.of("k\uD800", "v"), "details key must be valid Unicode"),
        Arguments.of(Map.of("k", "v\uDC00"), "details value for key \"k\" must be valid Unicode"));
  }

  @ParameterizedTest
  @MethodSource("badDetails")
  void append_badDetails_throws(Map<String, String> details, String message) {
    TransparencyLedger ledger = TransparencyLedger.inMemory();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ledger.append(LedgerEventType.OTHER, "x", details));
    assertTrue(e.getMessage().startsWith(message), e.getMessage());
    assertEquals(0, ledger.size(), "nothing recorded");
  }

  @Test
  void append_unpairedSurrogateInSummary_throws() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> TransparencyLedger.inMemory().append(LedgerEventType.OTHER, "a\uD83D", Map.of()));
    assertEquals(
        "summary must be valid Unicode, got an unpaired surrogate at index 1", e.getMessage());
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {
        "abc",
        "0000000000000000000000000000000000000000000000000000000000000000a",
        "ABCDEF0000000000000000000000000000000000000000000000000000000000",
        "g000000000000000000000000000000000000000000000000000000000000000"
      })
  void verify_badPublishedHead_throws(String head) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> TransparencyLedger.inMemory().verify(head));
    assertTrue(e.getMessage().startsWith("publishedHead must"), e.getMessage());
  }

  @Test
  void factories_nullArguments_throw() {
    assertThrows(IllegalArgumentException.class, () -> TransparencyLedger.openFile(null));
    assertThrows(IllegalArgumentException.class, () -> TransparencyLedger.open(null, FIXED));
    assertThrows(
        IllegalArgumentException.class, () -> TransparencyLedger.open(LedgerSink.inMemory(), null));
    assertThrows(IllegalArgumentException.class, () -> LedgerSink.file(null));
  }

  static Stream<Arguments> badEntries() {
    String h = "0".repeat(64);
    Instant t = Instant.EPOCH;
    LedgerEventType o = LedgerEventType.OTHER;
    Map<String, String> d = Map.of();
    return Stream.of(
        Arguments.of((Runnable) () -> new LedgerEntry(-1, t, o, "s", d, h, h), "sequence"),
        Arguments.of((Runnable) () -> new LedgerEntry(0, null, o, "s", d, h, h), "time"),
        Arguments.of((Runnable) () -> new LedgerEntry(0, t, null, "s", d, h, h), "type"),
        Arguments.of((Runnable) () -> new LedgerEntry(0, t, o, " ", d, h, h), "summary"),
        Arguments.of((Runnable) () -> new LedgerEntry(0, t, o, "s", null, h, h), "details"),
        Arguments.of((Runnable) () -> new LedgerEntry(0, t, o, "s", d, null, h), "previousHash"),
        Arguments.of((Runnable) () -> new LedgerEntry(0, t, o, "s", d, "00", h), "previousHash"),
        Arguments.of(
            (Runnable) () -> new LedgerEntry(0, t, o, "s", d, h, h.toUpperCase() + "x"), "hash"),
        Arguments.of((Runnable) () -> new LedgerEntry(0, t, o, "s", d, h, "Z".repeat(64)), "hash"));
  }

  @ParameterizedTest
  @MethodSource("badEntries")
  void ledgerEntry_badComponent_throwsNamingIt(Runnable construct, String component) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, construct::run);
    assertTrue(e.getMessage().startsWith(component + " must"), e.getMessage());
  }

  // ---------------------------------------------------------------- chain and format

  @Test
  void emptyLedger_headIsGenesisAndVerifies() {
    TransparencyLedger ledger = TransparencyLedger.inMemory();
    assertEquals("0".repeat(64), ledger.head());
    assertEquals(TransparencyLedger.GENESIS_HASH, ledger.head());
    assertTrue(ledger.verify().isOk());
    assertTrue(ledger.verify(TransparencyLedger.GENESIS_HASH).isOk());
    assertEquals(List.of(), ledger.entries());
  }

  @Test
  void append_chainsEntries() {
    TransparencyLedger ledger = TransparencyLedger.inMemory();
    LedgerEntry a =
        ledger.append(LedgerEventType.RELEASE, "count of trips", Map.of("epsilon", "1"));
    LedgerEntry b = ledger.append(LedgerEventType.BUDGET_CHARGE, "charge", Map.of());
    assertEquals(0, a.sequence());
    assertEquals(1, b.sequence());
    assertEquals(TransparencyLedger.GENESIS_HASH, a.previousHash());
    assertEquals(a.hash(), b.previousHash());
    assertEquals(b.hash(), ledger.head());
    assertTrue(a.hashIsValid() && b.hashIsValid());
    assertNotEquals(a.hash(), b.hash());
    assertEquals(List.of(a, b), ledger.entries());
    VerificationResult ok = ledger.verify();
    assertTrue(ok.isOk(), ok.toString());
    assertEquals(2, ok.validEntries());
    assertEquals(b.hash(), ok.validHead());
    assertTrue(ok.problem().isEmpty());
    assertEquals(-1, ok.sequence());
  }

  @Test
  void entry_detailsAreSortedAndImmutable() {
    Map<String, String> in = new HashMap<>(Map.of("z", "1", "a", "2", "m", "3"));
    LedgerEntry e = TransparencyLedger.inMemory().append(LedgerEventType.OTHER, "s", in);
    in.put("q", "changed later");
    assertEquals(List.of("a", "m", "z"), new ArrayList<>(e.details().keySet()));
    assertThrows(UnsupportedOperationException.class, () -> e.details().put("x", "y"));
  }

  @Test
  void hash_isSha256OfDomainAndCanonicalJsonWithoutHash_knownAnswer() throws Exception {
    TransparencyLedger ledger = TransparencyLedger.open(LedgerSink.inMemory(), FIXED);
    LedgerEntry e =
        ledger.append(
            LedgerEventType.RELEASE,
            "DP count \"trips\" <today>\n",
            Map.of("mechanism", "discrete-laplace", "epsilon", "0.5"));
    String body =
        "{\"v\":2,\"seq\":0,\"time\":\"2026-11-27T03:00:00.123456Z\",\"type\":\"RELEASE\","
            + "\"summary\":\"DP count \\\"trips\\\" <today>\\n\","
            + "\"details\":{\"epsilon\":\"0.5\",\"mechanism\":\"discrete-laplace\"},"
            + "\"private\":{},"
            + "\"prev\":\""
            + "0".repeat(64)
            + "\"}";
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    sha.update("privacity-ledger-v2\n".getBytes(StandardCharsets.UTF_8));
    String expected = HexFormat.of().formatHex(sha.digest(body.getBytes(StandardCharsets.UTF_8)));
    assertEquals(expected, e.hash());
    assertEquals(
        body.substring(0, body.length() - 1) + ",\"hash\":\"" + expected + "\"}", e.toJson());
  }

  @Test
  void unicodeAndControlCharacters_roundTripThroughTheFile() throws IOException {
    Path file = dir.resolve("ledger.jsonl");
    String summary = "Zürich 🚲 \u0000\u001f\u2028 tab\t \\ /";
    LedgerEntry written;
    try (TransparencyLedger ledger = TransparencyLedger.openFile(file)) {
      written = ledger.append(LedgerEventType.OTHER, summary, Map.of("ключ", "值 \"q\""));
    }
    try (TransparencyLedger ledger = TransparencyLedger.openFile(file)) {
      assertTrue(ledger.verify().isOk(), ledger.verify().toString());
      assertEquals(List.of(written), ledger.entries());
      assertEquals(summary, ledger.entries().get(0).summary());
    }
  }

  // ---------------------------------------------------------------- file sink

  @Test
  void file_reopenContinuesTheChain() throws IOException {
    Path file = dir.resolve("ledger.jsonl");
    String headBefore;
    try (TransparencyLedger ledger = TransparencyLedger.openFile(file)) {
      ledger.append(LedgerEventType.KEY_ROTATION, "rotated vault key", Map.of("epoch", "7"));
      ledger.append(LedgerEventType.ERASURE, "shredded subject key", Map.of("subject", "p-19"));
      headBefore = ledger.head();
    }
    List<String> lines = Files.readAllLines(file);
    assertEquals(2, lines.size());
    assertTrue(lines.get(0).startsWith("{\"v\":2,\"seq\":0,"), lines.get(0));
    try (TransparencyLedger ledger = TransparencyLedger.openFile(file)) {
      assertTrue(ledger.verify().isOk());
      assertTrue(ledger.verify(headBefore).isOk());
      assertEquals(2, ledger.size());
      assertEquals(headBefore, ledger.head());
      LedgerEntry c = ledger.append(LedgerEventType.OTHER, "third", Map.of());
      assertEquals(2, c.sequence());
      assertEquals(headBefore, c.previousHash());
      assertTrue(ledger.verify(headBefore).isOk(), "an older published head stays valid");
    }
    assertTrue(Files.readString(file).endsWith("\n"));
  }

  @Test
  void file_isLockedWhileOpen() throws IOException {
    Path file = dir.resolve("ledger.jsonl");
    try (TransparencyLedger ledger = TransparencyLedger.openFile(file)) {
      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> TransparencyLedger.openFile(file));
      assertTrue(e.getMessage().contains("already open"), e.getMessage());
      ledger.append(LedgerEventType.OTHER, "still usable", Map.of());
    }
    try (TransparencyLedger again = TransparencyLedger.openFile(file)) {
      assertEquals(1, again.size());
    }
  }

  // ---------------------------------------------------------------- crash-torn tail

  @ParameterizedTest
  @ValueSource(ints = {1, 10, 40, -1})
  void tornTail_isReportedNotDropped_andRepairIsExplicitAndRecorded(int keep) throws IOException {
    Path file = dir.resolve("ledger.jsonl");
    try (TransparencyLedger ledger = TransparencyLedger.openFile(file)) {
      for (int i = 0; i < 3; i++) {
        ledger.append(LedgerEventType.BUDGET_CHARGE, "charge " + i, Map.of("i", "" + i));
      }
    }
    // A crash during the 4th append: a prefix of its line reached the disk (keep = -1: all of it
    // except the newline).
    String fourth =
        TransparencyLedger.inMemory().append(LedgerEventType.OTHER, "lost", Map.of()).toJson();
    String partial = keep < 0 ? fourth : fourth.substring(0, keep);
    Files.writeString(file, partial, StandardOpenOption.APPEND);
    long sizeWithTorn = Files.size(file);

    try (TransparencyLedger ledger = TransparencyLedger.openFile(file)) {
      VerificationResult r = ledger.verify();
      assertFalse(r.isOk());
      assertEquals(Problem.TORN, r.problem().orElseThrow());
      assertEquals(4, r.line());
      assertEquals(3, r.sequence());
      assertEquals(3, r.validEntries());
      assertEquals(3, ledger.size(), "the verified prefix is available");
      assertEquals(sizeWithTorn, Files.size(file), "opening changed nothing");
      IllegalStateException refused =
          assertThrows(
              IllegalStateException.class,
              () -> ledger.append(LedgerEventType.OTHER, "x", Map.of()));
      assertTrue(refused.getMessage().contains("repairTornTail()"), refused.getMessage());

      LedgerEntry repair = ledger.repairTornTail();
      assertEquals(LedgerEventType.LEDGER_REPAIR, repair.type());
      assertEquals(3, repair.sequence());
      assertEquals("4", repair.details().get("line"));
      assertEquals(Integer.toString(partial.length()), repair.details().get("removedBytes"));
      assertEquals(
          partial,
          new String(
              java.util.Base64.getDecoder().decode(repair.details().get("removedBase64")),
              StandardCharsets.UTF_8));
      assertTrue(ledger.verify().isOk());
      ledger.append(LedgerEventType.OTHER, "after repair", Map.of());
    }
    try (TransparencyLedger ledger = TransparencyLedger.openFile(file)) {
      assertTrue(ledger.verify().isOk());
      assertEquals(5, ledger.size());
    }
  }

  @Test
  void unparseableTerminatedLastLine_isTorn() throws IOException {
    Path file = dir.resolve("ledger.jsonl");
    try (TransparencyLedger ledger = TransparencyLedger.openFile(file)) {
      ledger.append(LedgerEventType.OTHER, "one", Map.of());
    }
    Files.write(file, new byte[] {0, 0, 0, '\n'}, StandardOpenOption.APPEND);
    try (TransparencyLedger ledger = TransparencyLedger.openFile(file)) {
      VerificationResult r = ledger.verify();
      assertEquals(Problem.TORN, r.problem().orElseThrow(), r.toString());
      assertEquals(2, r.line());
      ledger.repairTornTail();
      assertTrue(ledger.verify().isOk());
    }
  }

  @Test
  void repairTornTail_refusesOtherProblemsAndChangesNothing() throws IOException {
    Path file = dir.resolve("ledger.jsonl");
    try (TransparencyLedger ledger = TransparencyLedger.openFile(file)) {
      ledger.append(LedgerEventType.OTHER, "alpha", Map.of());
      ledger.append(LedgerEventType.OTHER, "beta", Map.of());
      assertThrows(IllegalStateException.class, ledger::repairTornTail, "nothing to repair");
    }
    byte[] tampered =
        Files.readString(file).replace("alpha", "alphb").getBytes(StandardCharsets.UTF_8);
    Files.write(file, tampered);
    try (TransparencyLedger ledger = TransparencyLedger.openFile(file)) {
      VerificationResult r = ledger.verify();
      assertEquals(Problem.MODIFIED, r.problem().orElseThrow());
      assertEquals(1, r.line());
      assertEquals(0, r.sequence());
      IllegalStateException e = assertThrows(IllegalStateException.class, ledger::repairTornTail);
      assertTrue(e.getMessage().contains("MODIFIED"), e.getMessage());
      IllegalStateException refused =
          assertThrows(
              IllegalStateException.class,
              () -> ledger.append(LedgerEventType.OTHER, "x", Map.of()));
      assertTrue(refused.getMessage().contains("backup"), refused.getMessage());
    }
    assertTrue(Arrays.equals(tampered, Files.readAllBytes(file)));
  }

  @Test
  void repairTornTail_refusesToAdoptARewrittenPrefix() throws IOException {
    Path file = dir.resolve("live.jsonl");
    Path forged = dir.resolve("forged.jsonl");
    try (TransparencyLedger f = TransparencyLedger.openFile(forged)) {
      f.append(LedgerEventType.OTHER, "forged 0", Map.of());
    }
    try (TransparencyLedger ledger = TransparencyLedger.openFile(file)) {
      ledger.append(LedgerEventType.OTHER, "real 0", Map.of());
      // Behind the ledger's back: a consistent forgery plus a torn tail.
      Files.write(file, Files.readAllBytes(forged));
      Files.writeString(file, "{\"seq\":1,", StandardOpenOption.APPEND);
      assertEquals(Problem.TORN, ledger.verify().problem().orElseThrow());
      long size = Files.size(file);
      IllegalStateException e = assertThrows(IllegalStateException.class, ledger::repairTornTail);
      assertTrue(e.getMessage().contains("nothing repaired"), e.getMessage());
      assertEquals(size, Files.size(file));
      assertEquals("real 0", ledger.entries().get(0).summary());
    }
  }

  // ---------------------------------------------------------------- tampering, classified

  private Path ledgerFile(int n) throws IOException {
    Path file = dir.resolve("t" + n + "-" + System.nanoTime() + ".jsonl");
    try (TransparencyLedger ledger = TransparencyLedger.openFile(file)) {
      for (int i = 0; i < n; i++) {
        ledger.append(LedgerEventType.RELEASE, "release " + i, Map.of("n", "" + i));
      }
    }
    return file;
  }

  private static VerificationResult verifyLines(Path file, List<String> lines) throws IOException {
    Files.write(file, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    try (TransparencyLedger ledger = TransparencyLedger.openFile(file)) {
      return ledger.verify();
    }
  }

  @Test
  void removedMiddleLine_isRemoved() throws IOException {
    Path file = ledgerFile(5);
    List<String> lines = new ArrayList<>(Files.readAllLines(file));
    lines.remove(2);
    VerificationResult r = verifyLines(file, lines);
    assertEquals(Problem.REMOVED, r.problem().orElseThrow(), r.toString());
    assertEquals(3, r.line());
    assertEquals(2, r.sequence());
  }

  @Test
  void swappedLines_areReordered() throws IOException {
    Path file = ledgerFile(5);
    List<String> lines = new ArrayList<>(Files.readAllLines(file));
    java.util.Collections.swap(lines, 1, 3);
    VerificationResult r = verifyLines(file, lines);
    assertEquals(Problem.REORDERED, r.problem().orElseThrow(), r.toString());
    assertEquals(2, r.line());
  }

  @Test
  void duplicatedLine_isInserted() throws IOException {
    Path file = ledgerFile(5);
    List<String> lines = new ArrayList<>(Files.readAllLines(file));
    lines.add(2, lines.get(0));
    VerificationResult r = verifyLines(file, lines);
    assertEquals(Problem.INSERTED, r.problem().orElseThrow(), r.toString());
    assertEquals(3, r.line());
  }

  @Test
  void foreignLineBetweenChainedLines_isInserted() throws IOException {
    Path file = ledgerFile(5);
    List<String> lines = new ArrayList<>(Files.readAllLines(file));
    lines.add(2, "{\"note\":\"hello\"}");
    VerificationResult r = verifyLines(file, lines);
    assertEquals(Problem.INSERTED, r.problem().orElseThrow(), r.toString());
    assertEquals(3, r.line());
  }

  @Test
  void editedField_isModified() throws IOException {
    Path file = ledgerFile(5);
    List<String> lines = new ArrayList<>(Files.readAllLines(file));
    lines.set(3, lines.get(3).replace("release 3", "release 9"));
    VerificationResult r = verifyLines(file, lines);
    assertEquals(Problem.MODIFIED, r.problem().orElseThrow(), r.toString());
    assertEquals(4, r.line());
    assertEquals(3, r.sequence());
    assertTrue(r.detail().contains("hash"), r.detail());
  }

  @Test
  void nonCanonicalSpelling_isModified() throws IOException {
    Path file = ledgerFile(3);
    List<String> lines = new ArrayList<>(Files.readAllLines(file));
    // Same JSON value, different bytes: a space after the first colon.
    lines.set(1, lines.get(1).replaceFirst(":", ": "));
    VerificationResult r = verifyLines(file, lines);
    assertEquals(Problem.MODIFIED, r.problem().orElseThrow(), r.toString());
    assertTrue(r.detail().contains("canonical"), r.detail());
  }

  @Test
  void truncationAtLineBoundary_isTruncatedForTheLiveLedgerAndHeadNotFoundForAReader()
      throws IOException {
    Path file = dir.resolve("live.jsonl");
    try (TransparencyLedger ledger = TransparencyLedger.openFile(file)) {
      for (int i = 0; i < 4; i++) {
        ledger.append(LedgerEventType.OTHER, "e" + i, Map.of());
      }
      String published = ledger.head();
      List<String> lines = Files.readAllLines(file);
      Files.writeString(file, lines.get(0) + "\n" + lines.get(1) + "\n");
      VerificationResult r = ledger.verify();
      assertEquals(Problem.TRUNCATED, r.problem().orElseThrow(), r.toString());
      assertEquals(3, r.line());
      assertEquals(2, r.sequence());
      assertEquals(Problem.TRUNCATED, ledger.verify(published).problem().orElseThrow());
    }
  }

  @Test
  void consistentRewrite_isCaughtOnlyAgainstAKnownHead() throws IOException {
    // The documented limit of hash chaining: a wholly rewritten log with recomputed hashes is
    // self-consistent; only a head known from before exposes it.
    Path file = ledgerFile(3);
    String published;
    try (TransparencyLedger ledger = TransparencyLedger.openFile(file)) {
      published = ledger.head();
    }
    Path forged = dir.resolve("forged.jsonl");
    try (TransparencyLedger ledger = TransparencyLedger.openFile(forged)) {
      for (int i = 0; i < 3; i++) {
        ledger.append(LedgerEventType.RELEASE, "nothing to see " + i, Map.of());
      }
    }
    Files.write(file, Files.readAllBytes(forged));
    try (TransparencyLedger reader = TransparencyLedger.openFile(file)) {
      assertTrue(reader.verify().isOk(), "undetectable without a published head");
      VerificationResult r = reader.verify(published);
      assertEquals(Problem.HEAD_NOT_FOUND, r.problem().orElseThrow(), r.toString());
    }
  }

  @Test
  void rewriteBehindALiveLedger_isModified() throws IOException {
    Path file = dir.resolve("live.jsonl");
    Path forged = dir.resolve("forged.jsonl");
    try (TransparencyLedger f = TransparencyLedger.openFile(forged)) {
      f.append(LedgerEventType.OTHER, "forged 0", Map.of());
      f.append(LedgerEventType.OTHER, "forged 1", Map.of());
    }
    try (TransparencyLedger ledger = TransparencyLedger.openFile(file)) {
      ledger.append(LedgerEventType.OTHER, "real 0", Map.of());
      ledger.append(LedgerEventType.OTHER, "real 1", Map.of());
      Files.write(file, Files.readAllBytes(forged));
      VerificationResult r = ledger.verify();
      assertEquals(Problem.MODIFIED, r.problem().orElseThrow(), r.toString());
      assertEquals(0, r.sequence());
    }
  }

  @Test
  void entriesAppendedBehindALiveLedger_areInserted() throws IOException {
    Path file = dir.resolve("live.jsonl");
    try (TransparencyLedger ledger = TransparencyLedger.openFile(file)) {
      ledger.append(LedgerEventType.OTHER, "real 0", Map.of());
      // Forge a valid continuation (the attacker recomputes the hash).
      LedgerEntry last = ledger.entries().get(0);
      Instant t = Instant.parse("2026-01-01T00:00:00Z");
      String h =
          LedgerCodec.hash(
              2, 1, t, LedgerEventType.OTHER, "forged", Map.of(), Map.of(), last.hash());
      LedgerEntry forged =
          new LedgerEntry(
              2, 1, t, LedgerEventType.OTHER, "forged", Map.of(), Map.of(), last.hash(), h);
      Files.writeString(file, forged.toJson() + "\n", StandardOpenOption.APPEND);
      VerificationResult r = ledger.verify();
      assertEquals(Problem.INSERTED, r.problem().orElseThrow(), r.toString());
      assertEquals(1, r.sequence());
    }
  }

  @Test
  void verifyCopy_checksAReadOnlyCopyAgainstAPublishedHead() throws IOException {
    Path file = ledgerFile(4);
    String published;
    try (TransparencyLedger ledger = TransparencyLedger.openFile(file)) {
      published = ledger.head();
    }
    Path copy = dir.resolve("copy.jsonl");
    Files.copy(file, copy);
    assertTrue(copy.toFile().setReadOnly());
    VerificationResult ok = TransparencyLedger.verifyCopy(copy, published);
    assertTrue(ok.isOk(), ok.toString());
    assertEquals(4, ok.validEntries());
    assertEquals(published, ok.validHead());
    assertTrue(TransparencyLedger.verifyCopy(copy, TransparencyLedger.GENESIS_HASH).isOk());
    assertEquals(
        Problem.HEAD_NOT_FOUND,
        TransparencyLedger.verifyCopy(copy, "ab".repeat(32)).problem().orElseThrow());

    List<String> lines = Files.readAllLines(file);
    Path shorter = dir.resolve("shorter.jsonl");
    Files.writeString(shorter, lines.get(0) + "\n" + lines.get(1) + "\n");
    assertTrue(TransparencyLedger.verifyCopy(shorter, TransparencyLedger.GENESIS_HASH).isOk());
    assertEquals(
        Problem.HEAD_NOT_FOUND,
        TransparencyLedger.verifyCopy(shorter, published).problem().orElseThrow());
    Path torn = dir.resolve("torn.jsonl");
    Files.writeString(torn, lines.get(0) + "\n" + lines.get(1).substring(0, 9));
    assertEquals(
        Problem.TORN, TransparencyLedger.verifyCopy(torn, published).problem().orElseThrow());
  }

  @Test
  void verifyCopy_badArguments_throw() {
    String head = TransparencyLedger.GENESIS_HASH;
    assertEquals(
        "copy must not be null",
        assertThrows(
                IllegalArgumentException.class, () -> TransparencyLedger.verifyCopy(null, head))
            .getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> TransparencyLedger.verifyCopy(dir.resolve("x"), null));
    assertThrows(
        IllegalArgumentException.class,
        () -> TransparencyLedger.verifyCopy(dir.resolve("x"), "XYZ"));
    assertThrows(
        UncheckedIOException.class,
        () -> TransparencyLedger.verifyCopy(dir.resolve("missing.jsonl"), head));
  }

  // ---------------------------------------------------------------- failing sinks, atomicity

  /** A sink that stores half of the next append and then fails; optionally truncate fails too. */
  static final class FailingSink implements LedgerSink {
    final LedgerSink inner = LedgerSink.inMemory();
    boolean failNextAppend;
    boolean failTruncate;

    @Override
    public void append(byte[] bytes) throws IOException {
      if (failNextAppend) {
        failNextAppend = false;
        inner.append(Arrays.copyOf(bytes, bytes.length / 2));
        throw new IOException("disk full");
      }
      inner.append(bytes);
    }

    @Override
    public byte[] readAll() throws IOException {
      return inner.readAll();
    }

    @Override
    public long size() throws IOException {
      return inner.size();
    }

    @Override
    public void truncate(long size) throws IOException {
      if (failTruncate) {
        throw new IOException("read-only file system");
      }
      inner.truncate(size);
    }

    @Override
    public void close() {}
  }

  @Test
  void failedAppend_isRolledBackAndNotRecorded() {
    FailingSink sink = new FailingSink();
    TransparencyLedger ledger = TransparencyLedger.open(sink, FIXED);
    LedgerEntry a = ledger.append(LedgerEventType.OTHER, "a", Map.of());
    sink.failNextAppend = true;
    UncheckedIOException e =
        assertThrows(
            UncheckedIOException.class, () -> ledger.append(LedgerEventType.OTHER, "b", Map.of()));
    assertTrue(e.getMessage().contains("not recorded"), e.getMessage());
    assertEquals(List.of(a), ledger.entries());
    assertEquals(a.hash(), ledger.head());
    assertTrue(ledger.verify().isOk(), ledger.verify().toString());
    LedgerEntry b = ledger.append(LedgerEventType.OTHER, "b", Map.of());
    assertEquals(1, b.sequence());
    assertTrue(ledger.verify().isOk());
  }

  @Test
  void failedAppendThatCannotBeUndone_blocksUntilRepaired() {
    FailingSink sink = new FailingSink();
    TransparencyLedger ledger = TransparencyLedger.open(sink, FIXED);
    ledger.append(LedgerEventType.OTHER, "a", Map.of());
    sink.failNextAppend = true;
    sink.failTruncate = true;
    assertThrows(
        UncheckedIOException.class, () -> ledger.append(LedgerEventType.OTHER, "b", Map.of()));
    assertEquals(Problem.TORN, ledger.verify().problem().orElseThrow());
    assertThrows(
        IllegalStateException.class, () -> ledger.append(LedgerEventType.OTHER, "c", Map.of()));
    sink.failTruncate = false;
    LedgerEntry repair = ledger.repairTornTail();
    assertEquals(1, repair.sequence());
    assertTrue(ledger.verify().isOk());
  }

  @Test
  void concurrentAppends_formOneUnbrokenChain() throws Exception {
    TransparencyLedger ledger = TransparencyLedger.inMemory();
    int threads = 8;
    int perThread = 250;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int id = t;
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < perThread; i++) {
                    ledger.append(LedgerEventType.OTHER, "t" + id + " #" + i, Map.of());
                  }
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    List<LedgerEntry> all = ledger.entries();
    assertEquals(threads * perThread, all.size());
    for (int i = 0; i < all.size(); i++) {
      assertEquals(i, all.get(i).sequence());
    }
    assertTrue(ledger.verify().isOk());
  }

  @Test
  void toStrings_describeState() {
    TransparencyLedger ledger = TransparencyLedger.inMemory();
    ledger.append(LedgerEventType.OTHER, "x", Map.of());
    assertTrue(ledger.toString().contains("1 entries"), ledger.toString());
    assertTrue(ledger.verify().toString().startsWith("VerificationResult[ok"));
  }

  @Test
  void ledgerFile_isPrivateToItsOwner_evenWhenItExistedWorldReadable() throws IOException {
    assumeTrue(
        dir.getFileSystem().supportedFileAttributeViews().contains("posix"),
        "POSIX permissions only");
    Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
    Path file = dir.resolve("private.ledger");
    try (TransparencyLedger ledger = TransparencyLedger.openFile(file)) {
      ledger.append(LedgerEventType.ERASURE, "erased", Map.of());
    }
    assertEquals(ownerOnly, Files.getPosixFilePermissions(file));

    Path shared = dir.resolve("shared.ledger");
    Files.createFile(shared);
    Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rw-rw-r--"));
    try (TransparencyLedger ledger = TransparencyLedger.openFile(shared)) {
      ledger.append(LedgerEventType.ERASURE, "erased", Map.of());
    }
    assertEquals(ownerOnly, Files.getPosixFilePermissions(shared));
  }

  /**
   * An interrupted thread must not break the file ledger: an NIO channel closes itself for good
   * when its thread is interrupted, which made this append fail and every later one too (failed
   * before the sink wrote through RandomAccessFile).
   */
  @Test
  void fileLedger_appendOnAnInterruptedThread_isRecorded_andTheLedgerStaysUsable()
      throws IOException {
    Path file = dir.resolve("interrupted.ledger");
    try (TransparencyLedger ledger = TransparencyLedger.openFile(file)) {
      ledger.append(LedgerEventType.RELEASE, "before", Map.of());
      Thread.currentThread().interrupt();
      try {
        ledger.append(LedgerEventType.ERASURE, "while interrupted", Map.of());
        assertTrue(Thread.currentThread().isInterrupted(), "the interrupt status is kept");
        assertEquals(2, ledger.size());
      } finally {
        Thread.interrupted();
      }
      ledger.append(LedgerEventType.RELEASE, "after", Map.of());
    }
    try (TransparencyLedger reopened = TransparencyLedger.openFile(file)) {
      assertEquals(3, reopened.size());
      assertTrue(reopened.verify().isOk());
    }
  }
}

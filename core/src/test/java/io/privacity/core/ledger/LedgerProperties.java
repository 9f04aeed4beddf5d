package io.privacity.core.ledger;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Tamper evidence of a ledger FILE: every single-byte change, line deletion, swap, insertion and
 * truncation is reported — by {@link TransparencyLedger#verify()} of the ledger that wrote the file
 * (it knows its head), and by {@link TransparencyLedger#verify(String)} of a ledger reopened on the
 * tampered file with the head published before the tampering.
 */
class LedgerProperties {
  private static Path dir;
  private static byte[] pristine;
  private static List<String> lines;
  private static String publishedHead;

  @BeforeContainer
  static void writeFixture() throws IOException {
    dir = Files.createTempDirectory("ledger-properties");
    Path file = dir.resolve("fixture.jsonl");
    // Summaries and details exercise JSON escaping and non-ASCII text.
    Clock clock = Clock.fixed(Instant.parse("2026-11-27T00:00:00Z"), ZoneOffset.UTC);
    try (TransparencyLedger ledger = TransparencyLedger.open(LedgerSink.file(file), clock)) {
      ledger.append(LedgerEventType.RELEASE, "DP count of trips", Map.of("epsilon", "0.5"));
      ledger.append(LedgerEventType.BUDGET_CHARGE, "charge \"trips\"", Map.of("left", "1.5"));
      ledger.append(LedgerEventType.REIDENTIFICATION, "plate → owner", Map.of("warrant", "W-1/26"));
      ledger.append(LedgerEventType.ACCESS_DENIED, "no rule\nfor role", Map.of());
      ledger.append(LedgerEventType.KEY_ROTATION, "epoch 8", Map.of("a", "1", "b", "2"));
      ledger.append(LedgerEventType.ERASURE, "shredded p-19 🚲", Map.of("subject", "p-19"));
      publishedHead = ledger.head();
    }
    pristine = Files.readAllBytes(file);
    lines = List.of(new String(pristine, StandardCharsets.UTF_8).split("\n"));
  }

  @AfterContainer
  static void removeFixture() throws IOException {
    try (var files = Files.list(dir)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Files.deleteIfExists(p);
      }
    }
    Files.deleteIfExists(dir);
  }

  /**
   * Asserts that a live ledger, a re-opened one and a read-only check of the copy all report {@code
   * tampered}.
   */
  private static void assertDetected(byte[] tampered, boolean reopenedVerifyAlsoFails) {
    Path file;
    try {
      file = Files.createTempFile(dir, "t", ".jsonl");
      Files.write(file, pristine);
      try (TransparencyLedger live = TransparencyLedger.openFile(file)) {
        assertTrue(live.verify().isOk());
        Files.write(file, tampered);
        VerificationResult r = live.verify();
        assertFalse(r.isOk(), "live ledger missed the change");
        assertFalse(live.verify(publishedHead).isOk());
      }
      try (TransparencyLedger reopened = TransparencyLedger.openFile(file)) {
        VerificationResult r = reopened.verify(publishedHead);
        assertFalse(r.isOk(), "reopened ledger missed the change against the published head");
        if (reopenedVerifyAlsoFails) {
          assertFalse(reopened.verify().isOk(), "reopened ledger missed the change");
        }
      }
      assertFalse(
          TransparencyLedger.verifyCopy(file, publishedHead).isOk(),
          "read-only check of the copy missed the change");
      Files.delete(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Property(tries = 120)
  void anySingleByteChange_isReported(
      @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int position,
      @ForAll @IntRange(min = 1, max = 255) int delta) {
    byte[] tampered = pristine.clone();
    int at = position % tampered.length;
    tampered[at] = (byte) (tampered[at] + delta);
    assertDetected(tampered, true);
  }

  /**
   * Exhaustive complement of the sampled property above: every byte changed, checked on the stored
   * bytes directly (the same verifier, without file I/O). Byte i has bit {@code i mod 8} flipped,
   * and is also replaced by a byte that is valid in the same position of JSON text (a digit for a
   * letter and vice versa), so both malformed and well-formed edits occur everywhere.
   */
  @Example
  void everyBytePosition_changed_isReported() {
    for (int at = 0; at < pristine.length; at++) {
      byte original = pristine[at];
      byte[] replacements = {
        (byte) (original ^ (1 << (at % 8))), (byte) (original == '7' ? 'a' : '7')
      };
      for (byte replacement : replacements) {
        byte[] tampered = pristine.clone();
        tampered[at] = replacement;
        assertFalse(
            LedgerVerifier.scan(tampered).result().isOk(),
            "byte " + at + " changed to " + replacement + " not reported");
      }
    }
  }

  @Property(tries = 6)
  void deletingAnyLine_isReported(@ForAll @IntRange(min = 0, max = 5) int line) {
    List<String> l = new ArrayList<>(lines);
    l.remove(line);
    // Deleting the last line is a truncation: a reader without a head cannot tell.
    assertDetected(join(l), line != lines.size() - 1);
  }

  @Property(tries = 36)
  void swappingAnyTwoLines_isReported(
      @ForAll @IntRange(min = 0, max = 5) int a, @ForAll @IntRange(min = 0, max = 5) int b) {
    if (a == b) {
      return;
    }
    List<String> l = new ArrayList<>(lines);
    Collections.swap(l, a, b);
    assertDetected(join(l), true);
  }

  @Provide
  Arbitrary<String> insertedLines() {
    return Arbitraries.oneOf(
        Arbitraries.integers().between(0, 5).map(lines::get),
        Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(120),
        Arbitraries.strings().ofMaxLength(40).map(s -> s.replace("\n", "").replace("\r", "")),
        Arbitraries.just(""));
  }

  @Property(tries = 100)
  void insertingAnyLine_isReported(
      @ForAll @IntRange(min = 0, max = 6) int at, @ForAll("insertedLines") String line) {
    List<String> l = new ArrayList<>(lines);
    l.add(at, line);
    assertDetected(join(l), true);
  }

  @Property(tries = 80)
  void truncatingTheFileAnywhere_isReported(
      @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int n) {
    int length = n % pristine.length;
    // At a line boundary the shorter log is self-consistent: only a known head exposes it.
    boolean midLine = length > 0 && pristine[length - 1] != '\n';
    assertDetected(Arrays.copyOf(pristine, length), midLine);
  }

  @Property(tries = 7)
  void untamperedCopy_alwaysVerifies(@ForAll @IntRange(min = 0, max = 6) int keepLines) {
    List<String> l = lines.subList(0, keepLines);
    Path file;
    try {
      file = Files.createTempFile(dir, "ok", ".jsonl");
      Files.write(file, l.isEmpty() ? new byte[0] : join(l));
      try (TransparencyLedger reopened = TransparencyLedger.openFile(file)) {
        assertTrue(reopened.verify().isOk());
        if (keepLines == lines.size()) {
          assertTrue(reopened.verify(publishedHead).isOk());
        }
      }
      Files.delete(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] join(List<String> l) {
    return (String.join("\n", l) + "\n").getBytes(StandardCharsets.UTF_8);
  }
}

package io.privacity.crypto.pseudonym;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.crypto.tink.KeysetHandle;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PseudonymizerTest {
  private static final KeysetHandle MASTER = Pseudonymizer.generateMasterKeyset();
  private static final Instant T = Instant.parse("2026-11-27T10:15:00Z");

  private static Pseudonymizer hex16(KeysetHandle master) {
    PseudonymDomain.Builder[] b = {
      PseudonymDomain.builder("parking").rotation(EpochRotation.DAILY),
      PseudonymDomain.builder("transit").rotation(EpochRotation.DAILY),
    };
    Pseudonymizer.Builder p = Pseudonymizer.builder().masterKeyset(master);
    for (PseudonymDomain.Builder d : b) {
      // 64 bits: for 10^6 ids the collision bound is 2.7e-8.
      p.domain(d.encoding(PseudonymEncoding.hex(16)).collisionBound(1_000_000, 1e-7).build());
    }
    return p.build();
  }

  @Test
  void domainName_isMatchedByValueNotOnlyByIdentity() {
    Pseudonymizer p = hex16(MASTER);
    String copy = new String("parking".toCharArray()); // a distinct instance with equal content
    assertEquals(p.pseudonymize("parking", "AB-123", T), p.pseudonymize(copy, "AB-123", T));
  }

  /**
   * 10^6 identities in two domains and two epochs: no collision within a set, no pseudonym shared
   * between sets, and a Hamming-distance linker cannot tell true pairs (same identity, two
   * contexts) from unrelated ones. False-failure probability: within-set collisions ≤ 3 × 2.7e-8,
   * cross-set equalities ≤ 3 × 10^12 / 2^64 = 1.6e-7, and the Hamming mean of 10^6 independent
   * Binomial(64, 1/2) values (σ = 4) leaves 32 ± 0.024 (6σ/√n) with probability ≤ 2e-9.
   */
  @Test
  void millionIdentities_noCollisionsAndNoLinkAcrossDomainsOrEpochs() {
    Pseudonymizer p = hex16(MASTER);
    int n = 1_000_000;
    long[] parking = new long[n];
    long[] transit = new long[n];
    long[] nextDay = new long[n];
    Instant tomorrow = T.plusSeconds(86_400);
    byte[] id = new byte[16];
    long hamming = 0;
    long hammingNextDay = 0;
    for (int i = 0; i < n; i++) {
      ByteBuffer.wrap(id).putLong(0, 0x5EED_0000_0000_0000L).putLong(8, i);
      parking[i] = Long.parseUnsignedLong(p.pseudonymize("parking", id, T), 16);
      transit[i] = Long.parseUnsignedLong(p.pseudonymize("transit", id, T), 16);
      nextDay[i] = Long.parseUnsignedLong(p.pseudonymize("parking", id, tomorrow), 16);
      hamming += Long.bitCount(parking[i] ^ transit[i]);
      hammingNextDay += Long.bitCount(parking[i] ^ nextDay[i]);
    }
    for (long[] set : new long[][] {parking, transit, nextDay}) {
      long[] sorted = set.clone();
      Arrays.sort(sorted);
      for (int i = 1; i < n; i++) {
        assertNotEquals(sorted[i - 1], sorted[i], "collision within a set");
      }
    }
    long[] sortedParking = parking.clone();
    Arrays.sort(sortedParking);
    for (int i = 0; i < n; i++) {
      assertTrue(Arrays.binarySearch(sortedParking, transit[i]) < 0, "parking/transit link");
      assertTrue(Arrays.binarySearch(sortedParking, nextDay[i]) < 0, "day/next-day link");
    }
    assertEquals(32.0, hamming / (double) n, 0.024, "domains: mean Hamming distance");
    assertEquals(32.0, hammingNextDay / (double) n, 0.024, "epochs: mean Hamming distance");
  }

  @Test
  void sameKeysetSameDomain_sameResult_otherKeyset_unrelated() {
    assertEquals(
        hex16(MASTER).pseudonymize("parking", "AB123CD", T),
        hex16(MASTER).pseudonymize("parking", "AB123CD", T));
    assertNotEquals(
        hex16(MASTER).pseudonymize("parking", "AB123CD", T),
        hex16(Pseudonymizer.generateMasterKeyset()).pseudonymize("parking", "AB123CD", T));
  }

  @Test
  void bytesAndStringIdentifiers_agreeOnUtf8() {
    Pseudonymizer p = hex16(MASTER);
    assertEquals(
        p.pseudonymize("parking", "AB123CD", T),
        p.pseudonymize("parking", "AB123CD".getBytes(StandardCharsets.UTF_8), T));
  }

  @Test
  void epochs_dailyChangeAtMidnightUtc_neverNeverChanges() {
    long day = java.time.LocalDate.parse("2025-11-28").toEpochDay();
    assertEquals(day, EpochRotation.DAILY.epochOf(Instant.parse("2025-11-28T00:00:00Z")));
    assertEquals(day - 1, EpochRotation.DAILY.epochOf(Instant.parse("2025-11-27T23:59:59Z")));
    assertEquals(0, EpochRotation.NEVER.epochOf(T));
    // 1970-01-05 was the first Monday: week 1 starts there.
    assertEquals(0, EpochRotation.WEEKLY.epochOf(Instant.parse("1970-01-04T23:59:59Z")));
    assertEquals(1, EpochRotation.WEEKLY.epochOf(Instant.parse("1970-01-05T00:00:00Z")));
    assertEquals(-1, EpochRotation.WEEKLY.epochOf(Instant.parse("1969-12-28T23:59:59Z")));
  }

  @Test
  void collisionBounds_areTheBirthdayBound() {
    assertEquals(
        4.1e-13, PseudonymEncoding.crockfordBase32(16).collisionProbability(1_000_000), 1e-14);
    assertEquals(2.7e-8, PseudonymEncoding.hex(16).collisionProbability(1_000_000), 1e-9);
    assertEquals(0.5, PseudonymEncoding.digits(12).collisionProbability(1_000_000), 1e-3);
    assertEquals(1.0, PseudonymEncoding.digits(6).collisionProbability(1_000_000));
    assertEquals(0.0, PseudonymEncoding.hex(1).collisionProbability(1));
    assertEquals(80.0, PseudonymEncoding.crockfordBase32(16).bits());
  }

  @Test
  void canonicalizers_mergeSpellingsOnly() {
    Canonicalizer plate = Canonicalizer.licencePlate();
    assertEquals("AB123CD", plate.canonicalize(" ab-123 cd "));
    assertEquals("AB123CD", plate.canonicalize("AB·123·CD"));
    assertEquals("AB123CD", plate.canonicalize("ＡＢ１２３ＣＤ")); // full-width, NFKC
    assertEquals("00420", Canonicalizer.digits().canonicalize("004 20"));
    assertEquals("x y", Canonicalizer.trimmed().canonicalize("  x y\t"));
  }

  static Stream<Arguments> badInput() {
    return Stream.of(
        Arguments.of("empty identifier", "identifier must be a non-empty string"),
        Arguments.of("null identifier", "identifier must be a non-empty string"),
        Arguments.of("blank plate", "identifier must be non-empty after canonicalization"),
        Arguments.of("plate with slash", "identifier must be a licence plate"),
        Arguments.of("plate too long", "identifier must be a licence plate"),
        Arguments.of("digits with letters", "identifier must be 1-64 decimal digits"),
        Arguments.of("empty bytes", "identifier must be non-empty bytes"),
        Arguments.of("null bytes", "identifier must be non-empty bytes"),
        Arguments.of("unknown domain", "domain must be one of [parking, transit]"),
        Arguments.of("null domain", "domain must be one of"),
        Arguments.of("null time", "time must not be null"),
        Arguments.of("bad domain name", "name must be 1-64 lower-case"),
        Arguments.of("upper-case domain name", "name must be 1-64 lower-case"),
        Arguments.of("duplicate domain", "domain names must be unique"),
        Arguments.of("base32 length 0", "length must be in [1, 51]"),
        Arguments.of("hex length 65", "length must be in [1, 64]"),
        Arguments.of("digits length 39", "length must be in [1, 38]"),
        Arguments.of("collision bound exceeded", "use a longer encoding"),
        Arguments.of("collision probability 1", "maxProbability must be in (0, 1)"),
        Arguments.of("collision probability NaN", "maxProbability must be in (0, 1)"),
        Arguments.of("zero identities", "identities must be >= 1"),
        Arguments.of("AEAD keyset as master", "must be an HKDF-SHA256 PRF key"),
        Arguments.of("null master", "masterKeyset must not be null"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badInput")
  void badInput_throwsIllegalArgumentNamingTheProblem(String label, String message) {
    Pseudonymizer p = hex16(MASTER);
    Pseudonymizer plates =
        Pseudonymizer.builder()
            .masterKeyset(MASTER)
            .domain(
                PseudonymDomain.builder("parking")
                    .canonicalizer(Canonicalizer.licencePlate())
                    .build())
            .domain(PseudonymDomain.builder("meters").canonicalizer(Canonicalizer.digits()).build())
            .build();
    Executable call =
        switch (label) {
          case "empty identifier" -> () -> p.pseudonymize("parking", "", T);
          case "null identifier" -> () -> p.pseudonymize("parking", (String) null, T);
          case "blank plate" -> () -> plates.pseudonymize("parking", " - . ", T);
          case "plate with slash" -> () -> plates.pseudonymize("parking", "AB/123", T);
          case "plate too long" -> () -> plates.pseudonymize("parking", "A".repeat(17), T);
          case "digits with letters" -> () -> plates.pseudonymize("meters", "12a4", T);
          case "empty bytes" -> () -> p.pseudonymize("parking", new byte[0], T);
          case "null bytes" -> () -> p.pseudonymize("parking", (byte[]) null, T);
          case "unknown domain" -> () -> p.pseudonymize("energy", "AB123CD", T);
          case "null domain" -> () -> p.pseudonymize(null, "AB123CD", T);
          case "null time" -> () -> p.pseudonymize("parking", "AB123CD", null);
          case "bad domain name" -> () -> PseudonymDomain.builder("parking enforcement");
          case "upper-case domain name" -> () -> PseudonymDomain.builder("Parking");
          case "duplicate domain" ->
              () ->
                  Pseudonymizer.builder()
                      .domain(PseudonymDomain.builder("a").build())
                      .domain(PseudonymDomain.builder("a").build());
          case "base32 length 0" -> () -> PseudonymEncoding.crockfordBase32(0);
          case "hex length 65" -> () -> PseudonymEncoding.hex(65);
          case "digits length 39" -> () -> PseudonymEncoding.digits(39);
          case "collision bound exceeded" ->
              () ->
                  PseudonymDomain.builder("meters")
                      .encoding(PseudonymEncoding.digits(12))
                      .collisionBound(1_000_000, 1e-6)
                      .build();
          case "collision probability 1" ->
              () -> PseudonymDomain.builder("meters").collisionBound(10, 1.0);
          case "collision probability NaN" ->
              () -> PseudonymDomain.builder("meters").collisionBound(10, Double.NaN);
          case "zero identities" -> () -> PseudonymDomain.builder("meters").collisionBound(0, 0.1);
          case "AEAD keyset as master" ->
              () ->
                  Pseudonymizer.builder()
                      .masterKeyset(PseudonymVault.generateKeyEncryptionKeyset());
          case "null master" -> () -> Pseudonymizer.builder().masterKeyset(null);
          default -> throw new AssertionError(label);
        };
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage().contains(message), e.getMessage());
  }

  @Test
  void builder_withoutKeysetOrDomain_throwsIllegalState() {
    assertThrows(IllegalStateException.class, () -> Pseudonymizer.builder().build());
    assertThrows(
        IllegalStateException.class, () -> Pseudonymizer.builder().masterKeyset(MASTER).build());
  }

  @Test
  void toString_revealsNoKey() {
    assertEquals("Pseudonymizer[domains [parking, transit]]", hex16(MASTER).toString());
  }
}

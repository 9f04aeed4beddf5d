package io.privacity.crypto.pseudonym;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.crypto.tink.KeysetHandle;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/**
 * Properties of {@link Pseudonymizer}. "Different" properties hold except with the birthday
 * probability of two 130-bit values colliding (&lt; 2<sup>-129</sup> per pair), i.e. never.
 */
class PseudonymizerProperties {
  private static final KeysetHandle MASTER = Pseudonymizer.generateMasterKeyset();
  private static final Pseudonymizer P =
      Pseudonymizer.builder()
          .masterKeyset(MASTER)
          .domain(
              PseudonymDomain.builder("parking")
                  .rotation(EpochRotation.DAILY)
                  .canonicalizer(Canonicalizer.licencePlate())
                  .build())
          .domain(
              PseudonymDomain.builder("transit")
                  .rotation(EpochRotation.DAILY)
                  .canonicalizer(Canonicalizer.licencePlate())
                  .build())
          .domain(
              PseudonymDomain.builder("energy")
                  .rotation(EpochRotation.WEEKLY)
                  .canonicalizer(Canonicalizer.licencePlate())
                  .build())
          .build();

  @Provide
  Arbitrary<String> plates() {
    return Arbitraries.strings()
        .withCharRange('A', 'Z')
        .withCharRange('0', '9')
        .ofMinLength(1)
        .ofMaxLength(10);
  }

  @Provide
  Arbitrary<Instant> times() {
    return Arbitraries.longs()
        .between(0, 4_102_444_800L) // 1970 .. 2100
        .map(Instant::ofEpochSecond);
  }

  @Property
  void deterministic_withinDomainAndEpoch(
      @ForAll("plates") String plate,
      @ForAll("times") Instant t,
      @ForAll @LongRange(min = 0, max = 86_399) long offset) {
    Instant dayStart = Instant.ofEpochSecond(Math.floorDiv(t.getEpochSecond(), 86_400) * 86_400);
    assertEquals(
        P.pseudonymize("parking", plate, dayStart),
        P.pseudonymize("parking", plate, dayStart.plusSeconds(offset)));
  }

  @Property
  void deterministic_acrossSpellings(
      @ForAll("plates") String plate,
      @ForAll("times") Instant t,
      @ForAll @Size(10) List<@IntRange(min = 0, max = 7) Integer> shape) {
    // shape[i]: bit 0 lower-cases character i, bits 1-2 pick the separator after it.
    StringBuilder messy = new StringBuilder();
    for (int i = 0; i < plate.length(); i++) {
      int k = shape.get(i);
      char c = plate.charAt(i);
      messy.append((k & 1) == 1 ? Character.toLowerCase(c) : c);
      messy.append(new String[] {"", " ", "-", "."}[k >> 1]);
    }
    assertEquals(
        P.pseudonymize("parking", plate, t), P.pseudonymize("parking", messy.toString(), t));
  }

  @Property
  void differentDomains_unrelated(@ForAll("plates") String plate, @ForAll("times") Instant t) {
    assertNotEquals(P.pseudonymize("parking", plate, t), P.pseudonymize("transit", plate, t));
  }

  @Property
  void differentEpochs_unrelated(
      @ForAll("plates") String plate,
      @ForAll("times") Instant t,
      @ForAll @IntRange(min = 1, max = 4000) int days) {
    assertNotEquals(
        P.pseudonymize("parking", plate, t),
        P.pseudonymize("parking", plate, t.plus(Duration.ofDays(days))));
    assertNotEquals(
        P.pseudonymize("energy", plate, t),
        P.pseudonymize("energy", plate, t.plus(Duration.ofDays(7L * days))));
  }

  @Property
  void distinctIdentities_distinctPseudonyms(
      @ForAll("plates") String a, @ForAll("plates") String b, @ForAll("times") Instant t) {
    if (!a.equals(b)) {
      assertNotEquals(P.pseudonymize("parking", a, t), P.pseudonymize("parking", b, t));
    }
  }

  @Provide
  Arbitrary<PseudonymEncoding> encodings() {
    return Arbitraries.oneOf(
        Arbitraries.integers().between(1, 51).map(PseudonymEncoding::crockfordBase32),
        Arbitraries.integers().between(1, 64).map(PseudonymEncoding::hex),
        Arbitraries.integers().between(1, 38).map(PseudonymEncoding::digits));
  }

  @Property
  void encodings_haveTheirLengthAndAlphabet(
      @ForAll("encodings") PseudonymEncoding encoding, @ForAll("plates") String plate) {
    Pseudonymizer p =
        Pseudonymizer.builder()
            .masterKeyset(MASTER)
            .domain(
                PseudonymDomain.builder("meters").encoding(encoding).collisionBound(1, 0.5).build())
            .build();
    String s = p.pseudonymize("meters", plate, Instant.EPOCH);
    assertEquals(encoding.length(), s.length());
    String alphabet =
        encoding.toString().startsWith("crockford")
            ? "[0-9A-HJKMNP-TV-Z]"
            : encoding.toString().startsWith("hex") ? "[0-9a-f]" : "[0-9]";
    assertTrue(s.matches(alphabet + "+"), s);
  }

  @Provide
  Arbitrary<long[]> epochPairs() {
    return Combinators.combine(
            Arbitraries.longs().between(-1_000_000_000L, 4_000_000_000L),
            Arbitraries.longs().between(0, 86_400L * 20))
        .as((a, b) -> new long[] {a, b});
  }

  @Property
  void weeklyEpochs_changeOnlyOnMondays(@ForAll("epochPairs") long[] pair) {
    Instant t = Instant.ofEpochSecond(pair[0]);
    Instant u = t.plusSeconds(pair[1]);
    long weeks = EpochRotation.WEEKLY.epochOf(u) - EpochRotation.WEEKLY.epochOf(t);
    // The number of Monday 00:00Z boundaries in (t, u].
    long mondaysCrossed = 0;
    java.time.LocalDate from = java.time.LocalDate.ofInstant(t, java.time.ZoneOffset.UTC);
    java.time.LocalDate to = java.time.LocalDate.ofInstant(u, java.time.ZoneOffset.UTC);
    for (java.time.LocalDate d = from.plusDays(1); !d.isAfter(to); d = d.plusDays(1)) {
      if (d.getDayOfWeek() == java.time.DayOfWeek.MONDAY) {
        mondaysCrossed++;
      }
    }
    assertEquals(mondaysCrossed, weeks);
  }
}

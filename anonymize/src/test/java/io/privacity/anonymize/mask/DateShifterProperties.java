package io.privacity.anonymize.mask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;

class DateShifterProperties {
  private static final byte[] KEY = "property-test-key-0123456789".getBytes(StandardCharsets.UTF_8);

  @Property
  void offsetIsNonZeroAndBounded(
      @ForAll @AlphaChars @StringLength(min = 1, max = 20) String subject,
      @ForAll @IntRange(min = 1, max = 36_525) int maxDays) {
    int o = DateShifter.builder().key(KEY).maxDays(maxDays).build().offsetDays(subject);
    assertTrue(o != 0 && Math.abs(o) <= maxDays, "offset " + o + " for maxDays " + maxDays);
  }

  @Property
  void intervalsWithinASubjectAreKept(
      @ForAll @AlphaChars @StringLength(min = 1, max = 20) String subject,
      @ForAll @IntRange(min = 0, max = 20_000) int day1,
      @ForAll @IntRange(min = 0, max = 20_000) int day2) {
    DateShifter s = DateShifter.builder().key(KEY).maxDays(365).build();
    LocalDate a = LocalDate.ofEpochDay(day1);
    LocalDate b = LocalDate.ofEpochDay(day2);
    assertEquals(
        ChronoUnit.DAYS.between(a, b),
        ChronoUnit.DAYS.between(s.shift(subject, a), s.shift(subject, b)));
  }
}

package io.privacity.anonymize.mask;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The offsets of many subjects are uniform on [−maxDays, −1] ∪ [1, maxDays]. */
class DateShifterDistributionTest {

  @Test
  void offsets_areUniform_chiSquare() {
    // maxDays = 5 gives 10 cells; 20,000 subjects give 2,000 expected per cell. The key is fixed,
    // so the test is deterministic; as a test of a PRF it must pass for all but a tiny fraction of
    // keys: the threshold 40.0 is beyond the 1 - 1e-5 quantile of chi-square with 9 degrees of
    // freedom (≈ 35.4) — with the extra margin a correct implementation fails for fewer than one
    // in 10^6 keys. A wrong mapping (e.g. zero included, one end missing, modulo bias with a small
    // word) puts a cell at 0 or doubles it and gives a statistic in the thousands.
    DateShifter s =
        DateShifter.builder()
            .key("distribution-test-key-000000000".getBytes(StandardCharsets.UTF_8))
            .maxDays(5)
            .build();
    int n = 20_000;
    long[] counts = new long[10];
    for (int i = 0; i < n; i++) {
      int o = s.offsetDays("subject-" + i);
      assertTrue(o != 0 && Math.abs(o) <= 5, "offset " + o);
      counts[o < 0 ? o + 5 : o + 4]++;
    }
    double expected = n / 10.0;
    double chi2 = 0;
    for (long c : counts) {
      chi2 += (c - expected) * (c - expected) / expected;
    }
    assertTrue(chi2 < 40.0, "chi-square " + chi2 + " counts " + java.util.Arrays.toString(counts));
  }
}

package io.privacity.dp.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.core.PrivacyLoss;
import io.privacity.core.accounting.PrivacyAccountant;
import io.privacity.core.accounting.PrivacyBudgetExceededException;
import io.privacity.core.random.Randomness;
import org.junit.jupiter.api.Test;

class DpHeatMapTest {
  private static final GeoRegion BOX = GeoRegion.boundingBox(GeoPoint.of(0, 0), GeoPoint.of(1, 1));

  private static DpHeatMap map(double eps, int m, PrivacyAccountant acc, long seed) {
    return DpHeatMap.builder()
        .bounds(BOX)
        .rows(2)
        .columns(2)
        .maxCellsPerPerson(m)
        .epsilon(eps)
        .randomness(Randomness.insecureSeeded(seed))
        .accountant(acc)
        .build();
  }

  @Test
  void contributionBound_eachPersonCountsInAtMostMCells_onceEach() {
    // ε huge → scale m/ε tiny: noise is 0 except with probability ≈ 2e^{-1e4·...}; exact counts.
    PrivacyAccountant acc = PrivacyAccountant.withBudget(PrivacyLoss.pure(1e4));
    DpHeatMap map = map(1e4, 2, acc, 1);
    GeoPoint[] corners = {
      GeoPoint.of(0.25, 0.25),
      GeoPoint.of(0.25, 0.75),
      GeoPoint.of(0.75, 0.25),
      GeoPoint.of(0.75, 0.75)
    };
    for (GeoPoint c : corners) {
      for (int k = 0; k < 10; k++) {
        map.add("alice", c); // 4 cells, 40 points → 2 cells, 1 each
      }
    }
    map.add("bob", corners[0]);
    map.add("bob", corners[0]);
    map.add("carol", GeoPoint.of(5, 5)); // outside: dropped
    DpHeatMap.Release r = map.release();
    long total = 0;
    for (long[] row : r.counts()) {
      for (long c : row) {
        assertTrue(c >= 0 && c <= 2);
        total += c;
      }
    }
    assertEquals(3, total);
    // The charge describes the noise drawn (scale rounded up to 106/2^20): its real ε is a little
    // below the ε asked for, and the accountant reports the smaller valid bound.
    double spent = acc.spent().epsilon();
    assertTrue(spent <= 1e4 && spent > 0.99e4, "spent " + spent);
    assertEquals(0.25, r.cellCenter(0, 0).latitude(), 1e-12);
  }

  @Test
  void refusedCharge_releasesNothing_andMapStaysUsable() {
    PrivacyAccountant acc = PrivacyAccountant.withBudget(PrivacyLoss.pure(0.5));
    DpHeatMap map = map(1, 1, acc, 2);
    map.add("a", GeoPoint.of(0.5, 0.5));
    assertThrows(PrivacyBudgetExceededException.class, map::release);
    assertEquals(0, acc.spent().epsilon());
    map.add("b", GeoPoint.of(0.5, 0.5));
  }

  @Test
  void noise_hasTheStatedScale() {
    // Empty map, ε = 0.5, m = 2: each cell is discrete Laplace with scale 4, variance 2q/(1-q)^2.
    int n = 20_000;
    double sumSq = 0;
    for (int i = 0; i < n / 4; i++) {
      DpHeatMap map =
          DpHeatMap.builder()
              .bounds(BOX)
              .rows(2)
              .columns(2)
              .maxCellsPerPerson(2)
              .epsilon(0.5)
              .randomness(Randomness.insecureSeeded(100 + i))
              .build();
      for (long[] row : map.release().counts()) {
        for (long c : row) {
          sumSq += (double) c * c;
        }
      }
    }
    double q = Math.exp(-0.25);
    double variance = 2 * q / ((1 - q) * (1 - q));
    // Sample variance of n = 20,000 draws: relative sd ≈ sqrt((kurtosis−1)/n) ≈ sqrt(5/n) = 1.6%;
    // a 10% tolerance is > 6 sd (false failure < 1e-9 under the normal approximation).
    assertEquals(variance, sumSq / n, 0.10 * variance);
  }
}

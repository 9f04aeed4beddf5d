package io.privacity.anonymize.algorithm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.anonymize.data.Table;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class MdavProperties {

  private static double[][] records(long seed, int n, int d) {
    Random random = new Random(seed); // test data only
    double[][] x = new double[n][d];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        // mixed scales and ties
        x[i][j] = j % 2 == 0 ? random.nextInt(10) : random.nextGaussian() * 1000 + 50;
      }
    }
    return x;
  }

  @Property(tries = 200)
  void aggregatedRecordsAreKAnonymous_independentCheck(
      @ForAll long seed,
      @ForAll @IntRange(min = 2, max = 300) int n,
      @ForAll @IntRange(min = 1, max = 4) int d,
      @ForAll @IntRange(min = 2, max = 12) int k) {
    if (n < k) {
      return;
    }
    double[][] x = records(seed, n, d);
    double[][] out = Mdav.withK(k).microaggregate(x).aggregated();
    assertEquals(n, out.length, "no record is lost");
    Map<List<Double>, Integer> classes = new HashMap<>();
    for (double[] row : out) {
      List<Double> key = new ArrayList<>();
      for (double v : row) {
        key.add(v);
      }
      classes.merge(key, 1, Integer::sum);
    }
    for (Map.Entry<List<Double>, Integer> e : classes.entrySet()) {
      assertTrue(e.getValue() >= k, "class " + e.getKey() + " has " + e.getValue() + " < " + k);
    }
  }

  @Property(tries = 200)
  void clusterSizesAreBetweenKAnd2kMinus1(
      @ForAll long seed,
      @ForAll @IntRange(min = 2, max = 300) int n,
      @ForAll @IntRange(min = 2, max = 12) int k) {
    if (n < k) {
      return;
    }
    MdavResult r = Mdav.withK(k).microaggregate(records(seed, n, 2));
    for (int s : r.clusterSizes()) {
      assertTrue(s >= k && s <= Math.max(k, 2 * k - 1), "size " + s + " for k " + k);
    }
    assertEquals(n, Arrays.stream(r.clusterSizes()).sum());
    assertTrue(r.informationLoss() >= 0 && r.informationLoss() <= 1);
  }

  @Property(tries = 200)
  void meansArePreserved(
      @ForAll long seed,
      @ForAll @IntRange(min = 2, max = 300) int n,
      @ForAll @IntRange(min = 1, max = 4) int d,
      @ForAll @IntRange(min = 2, max = 12) int k) {
    if (n < k) {
      return;
    }
    double[][] x = records(seed, n, d);
    double[][] out = Mdav.withK(k).microaggregate(x).aggregated();
    for (int j = 0; j < d; j++) {
      double before = 0;
      double after = 0;
      double scale = 0;
      for (int i = 0; i < n; i++) {
        before += x[i][j];
        after += out[i][j];
        scale += Math.abs(x[i][j]);
      }
      // Exact in real arithmetic; the tolerance only absorbs rounding of n additions.
      assertEquals(before / n, after / n, 1e-9 * (scale / n + 1), "attribute " + j);
    }
  }

  @Property(tries = 100)
  void publishedTableIsKAnonymous_independentCheck(
      @ForAll long seed,
      @ForAll @IntRange(min = 2, max = 200) int n,
      @ForAll @IntRange(min = 2, max = 10) int k) {
    if (n < k) {
      return;
    }
    double[][] x = records(seed, n, 2);
    Table.Builder b = Table.builder("a", "b", "other");
    for (int i = 0; i < n; i++) {
      b.addRow(Double.toString(x[i][0]), Double.toString(x[i][1]), "r" + i);
    }
    Table in = b.build();
    Table out = Mdav.withK(k).microaggregate(in, List.of("a", "b")).table();
    assertEquals(in.rowCount(), out.rowCount());
    assertNull(IndependentAnonymityCheck.kViolation(out, List.of("a", "b"), k));
  }
}

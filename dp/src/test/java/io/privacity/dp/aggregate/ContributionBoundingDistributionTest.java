package io.privacity.dp.aggregate;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.core.random.Randomness;
import org.junit.jupiter.api.Test;

/**
 * Bounding keeps a uniformly random subset: every record (L∞) and every partition (L0) of an
 * over-contributing unit is kept with probability exactly limit/available, not the first ones.
 *
 * <p>Threshold reasoning: each of the 10 inclusion counts is Binomial(20,000, 0.3) (mean 6,000, sd
 * 64.8); we accept |X − 6000| ≤ 5.6 sd, two-sided normal probability 2.1·10^−8 per count, so at
 * most 2.1·10^−7 over the 10 counts of a test: a correct implementation fails less than once in
 * 10^6 runs.
 */
class ContributionBoundingDistributionTest {
  private static final int TRIALS = 20_000;

  private static BoundedAggregation<Integer> aggregation(int l0, int linf) {
    return BoundedAggregation.<Integer>builder()
        .epsilon(1)
        .delta(1e-6)
        .contributionBounds(
            ContributionBounds.builder()
                .maxPartitionsContributed(l0)
                .maxContributionsPerPartition(linf)
                .valueBounds(0, 10)
                .build())
        .quantiles(0.5)
        .randomness(Randomness.insecureSeeded(99))
        .build();
  }

  private static void assertUniform(long[] kept, double p) {
    double sd = Math.sqrt(TRIALS * p * (1 - p));
    for (int i = 0; i < kept.length; i++) {
      assertTrue(
          Math.abs(kept[i] - TRIALS * p) <= 5.6 * sd,
          "item " + i + " kept " + kept[i] + " times, expected " + TRIALS * p);
    }
  }

  @Test
  void reservoir_keeps_each_record_with_probability_linf_over_n() {
    BoundedAggregation<Integer> agg = aggregation(1, 3);
    long[] kept = new long[10];
    for (int t = 0; t < TRIALS; t++) {
      Accumulator<Integer> acc = agg.newAccumulator();
      for (int v = 0; v < 10; v++) {
        acc.add("unit", 0, v);
      }
      long[] hist = acc.closeUnits().closedPartitions().get(0).hist;
      for (int v = 0; v < 10; v++) {
        kept[v] += hist[(int) Math.floor(v / 10.0 * Plan.HISTOGRAM_BUCKETS)];
      }
    }
    assertUniform(kept, 0.3);
  }

  @Test
  void partition_sampling_keeps_each_partition_with_probability_l0_over_k() {
    BoundedAggregation<Integer> agg = aggregation(3, 1);
    long[] kept = new long[10];
    for (int t = 0; t < TRIALS; t++) {
      Accumulator<Integer> acc = agg.newAccumulator();
      for (int k = 0; k < 10; k++) {
        acc.add("unit", k, 1);
      }
      for (Integer k : acc.closeUnits().closedPartitions().keySet()) {
        kept[k]++;
      }
    }
    assertUniform(kept, 0.3);
  }

  /**
   * The same inclusion probability for Integer and Long unit ids (the batched primitive path), with
   * 20 units interleaved record by record (more records than one batch), and Integer 3 and Long 3
   * kept as distinct units. Each count is Binomial(40,000, 0.3) (sd 91.7); the 5.6 sd threshold
   * gives the same < 2.1·10^−7 false-failure probability per test as above.
   */
  @Test
  void reservoir_is_uniform_for_interleaved_integer_and_long_units() {
    BoundedAggregation<Integer> agg = aggregation(1, 3);
    int trials = TRIALS / 10;
    long[] kept = new long[10];
    for (int t = 0; t < trials; t++) {
      Accumulator<Integer> acc = agg.newAccumulator();
      for (int v = 0; v < 10; v++) {
        for (int u = 0; u < 10; u++) {
          acc.add(u, 0, v);
          acc.add((long) u, 0, v);
        }
      }
      long[] hist = acc.closeUnits().closedPartitions().get(0).hist;
      for (int v = 0; v < 10; v++) {
        kept[v] += hist[(int) Math.floor(v / 10.0 * Plan.HISTOGRAM_BUCKETS)];
      }
    }
    long n = 20L * trials;
    double sd = Math.sqrt(n * 0.3 * 0.7);
    for (int v = 0; v < kept.length; v++) {
      assertTrue(
          Math.abs(kept[v] - n * 0.3) <= 5.6 * sd,
          "item " + v + " kept " + kept[v] + " times, expected " + n * 0.3);
    }
  }
}

package io.privacity.dp.aggregate;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.core.random.Randomness;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Coverage of the 95% confidence intervals of count, sum and mean over 4,000 seeded releases.
 *
 * <p>Threshold reasoning: the number of runs whose interval covers the truth is Binomial(n = 4000,
 * p) with p the true coverage. The count's interval comes from the exact discrete-Laplace tail, so
 * its coverage is P(|Z| ≤ w) ∈ [0.95, 0.955] for the scale used here (computed exactly in {@link
 * #countCoverageIsExactlyKnown}); sum and mean intervals have coverage ≥ 0.95 and, at these scales
 * (sum noise scale 2^20+ lattice units; mean test inversion), within 0.001 of it. Acceptance band
 * [93%, 97%]: with p = 0.95 the standard deviation of the rate is 0.34%, the band is ±5.8 sd, and
 * the exact two-sided binomial probability of leaving it is 1.6·10^−8; with p = 0.955 (the worst
 * case for any of the three) it is 5.0·10^−7. A correct implementation therefore fails less than
 * once in 10^6 runs. (With 2,000 runs the band would be only ±4.1 sd, a false-failure probability
 * of 4.5·10^−5, hence 4,000.)
 */
class AggregationCoverageTest {
  private static final int RUNS = 4000;
  private static final List<String> KEYS = List.of("all");
  private static Accumulator<String> data;
  private static double trueCount;
  private static double trueSum;
  private static double trueMean;

  private static BoundedAggregation<String> aggregation(long seed) {
    return BoundedAggregation.<String>builder()
        .epsilon(0.3)
        .contributionBounds(
            ContributionBounds.builder()
                .maxPartitionsContributed(1)
                .maxContributionsPerPartition(1)
                .valueBounds(0, 10)
                .build())
        .count()
        .sum()
        .mean()
        .publicPartitions(KEYS)
        .randomness(Randomness.insecureSeeded(seed))
        .build();
  }

  @BeforeAll
  static void setUp() {
    data = aggregation(0).newAccumulator();
    Randomness r = Randomness.insecureSeeded(42);
    double sum = 0;
    int n = 300;
    for (int u = 0; u < n; u++) {
      // Multiples of 1/4 are exact on every lattice used, so the truth is exact.
      double v = r.nextInt(41) / 4.0;
      data.add("household-" + u, "all", v);
      sum += v;
    }
    data.closeUnits();
    trueCount = n;
    trueSum = sum;
    trueMean = sum / n;
  }

  @Test
  void countCoverageIsExactlyKnown() {
    // measurement ε = 0.3/3 = 0.1, Δ = 1: scale t ≥ 10. P(|Z| ≤ w) for the w the interval uses.
    BoundedAggregation<String> a = aggregation(1);
    double t =
        a.release(data).get("all").count().guarantee().parameters().get("scale") instanceof Double d
            ? d
            : Double.NaN;
    double q = Math.exp(-1 / t);
    long w = 0;
    while (2 * Math.pow(q, w + 1) / (1 + q) > 0.05) {
      w++;
    }
    double coverage = 1 - 2 * Math.pow(q, w + 1) / (1 + q);
    assertTrue(coverage >= 0.95 && coverage <= 0.955, "exact count coverage " + coverage);
  }

  @Test
  void intervals_cover_the_truth_in_93_to_97_percent_of_runs() {
    int count = 0;
    int sum = 0;
    int mean = 0;
    for (int run = 0; run < RUNS; run++) {
      PartitionResult<String> p = aggregation(1000 + run).release(data).get("all");
      count += p.count().interval().contains(trueCount) ? 1 : 0;
      sum += p.sum().interval().contains(trueSum) ? 1 : 0;
      mean += p.mean().interval().contains(trueMean) ? 1 : 0;
    }
    String report =
        String.format(
            "coverage over %d runs: count %.4f, sum %.4f, mean %.4f",
            RUNS, count / (double) RUNS, sum / (double) RUNS, mean / (double) RUNS);
    System.out.println(report);
    for (int hits : new int[] {count, sum, mean}) {
      assertTrue(hits >= 0.93 * RUNS && hits <= 0.97 * RUNS, report);
    }
  }
}

package io.privacity.dp.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.core.random.Randomness;
import io.privacity.dp.audit.AuditResult;
import io.privacity.dp.audit.DpAuditor;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Privacy of whole releases: bounding against a unit with 10^6 records (audited on neighbouring
 * datasets that differ by that whole unit) and the δ of partition selection.
 */
class BoundedAggregationDpTest {
  private static final double EPSILON = 1.0;
  private static final int WHALE_RECORDS = 1_000_000;
  private static final Randomness NOISE = Randomness.insecureSeeded(2024);

  /** Two public partitions; L0 = 1, L∞ = 2, values in [0, 10]. */
  static BoundedAggregation<String> aggregation(boolean sum) {
    BoundedAggregation.Builder<String> b =
        BoundedAggregation.<String>builder()
            .epsilon(EPSILON)
            .contributionBounds(
                ContributionBounds.builder()
                    .maxPartitionsContributed(1)
                    .maxContributionsPerPartition(2)
                    .valueBounds(0, 10)
                    .build())
            .publicPartitions(List.of("p", "q"))
            .randomness(NOISE);
    return (sum ? b.sum() : b.count()).build();
  }

  private static Accumulator<String> without;
  private static Accumulator<String> with;
  private static Accumulator<String> withoutCounts;
  private static Accumulator<String> withCounts;

  @BeforeAll
  static void neighbours() {
    Accumulator<String>[] sums = neighbours(aggregation(true));
    without = sums[0];
    with = sums[1];
    Accumulator<String>[] counts = neighbours(aggregation(false));
    withoutCounts = counts[0];
    withCounts = counts[1];
  }

  @SuppressWarnings("unchecked")
  static Accumulator<String>[] neighbours(BoundedAggregation<String> shape) {
    Accumulator<String> without = shape.newAccumulator();
    Accumulator<String> with = shape.newAccumulator();
    for (int u = 0; u < 50; u++) {
      without.add("u" + u, u % 2 == 0 ? "p" : "q", 5);
      with.add("u" + u, u % 2 == 0 ? "p" : "q", 5);
    }
    // The neighbour adds one whole unit: 10^6 records at and far beyond the upper bound, in both
    // partitions.
    for (int i = 0; i < WHALE_RECORDS; i++) {
      with.add("whale", i % 3 == 0 ? "q" : "p", 1e9);
    }
    return new Accumulator[] {without.closeUnits(), with.closeUnits()};
  }

  @Test
  void a_unit_with_a_million_records_moves_the_bounded_sums_by_at_most_the_bound() {
    long shiftCount = 0;
    long shiftSum = 0;
    Plan plan = without.plan();
    for (String k : List.of("p", "q")) {
      shiftCount += with.closedPartitions().get(k).count - without.closedPartitions().get(k).count;
      shiftSum += with.closedPartitions().get(k).sum - without.closedPartitions().get(k).sum;
    }
    assertEquals(2, shiftCount, "L0·L∞ = 2 records");
    assertEquals(2 * plan.maxSumUnits, shiftSum, "2 records clamped to the upper bound");
  }

  /**
   * DpAuditor on the neighbouring pair, 200,000 releases per input. Threshold reasoning: the
   * auditor's bound exceeds the true ε of a correct mechanism with probability at most 1 −
   * confidence = 10^−6, so a correct implementation fails less than once in 10^6 runs.
   */
  @Test
  void auditor_finds_no_more_than_epsilon_for_the_whole_unit_neighbour() {
    DpAuditor auditor =
        DpAuditor.builder()
            .samples(200_000)
            .confidence(0.999999)
            .randomness(Randomness.insecureSeeded(7))
            .build();
    for (boolean sum : new boolean[] {true, false}) {
      Function<Accumulator<String>, Double> mechanism =
          acc -> {
            // Post-processing of the whole release: the total over both partitions, which the
            // whale (kept in one random partition) shifts by the full L0·L∞·upper = 20 (sum) or
            // L0·L∞ = 2 (count).
            AggregationResult<String> r = aggregation(sum).release(acc);
            double total = 0;
            for (String k : List.of("p", "q")) {
              PartitionResult<String> p = r.get(k);
              total += sum ? p.sum().value() : p.count().value();
            }
            return total;
          };
      AuditResult r =
          sum
              ? auditor.audit(mechanism, without, with)
              : auditor.audit(mechanism, withoutCounts, withCounts);
      System.out.println((sum ? "sum" : "count") + " audit: " + r);
      assertTrue(r.epsilonLowerBound() <= EPSILON, r.toString());
      // Sanity: the audit has power — the bound is not trivially zero for this tight pair.
      assertTrue(r.epsilonLowerBound() > 0.5 * EPSILON, r.toString());
    }
  }

  static BoundedAggregation<String> valueStatistic(boolean median) {
    BoundedAggregation.Builder<String> b =
        BoundedAggregation.<String>builder()
            .epsilon(EPSILON)
            .contributionBounds(
                ContributionBounds.builder()
                    .maxPartitionsContributed(1)
                    .maxContributionsPerPartition(3)
                    .valueBounds(0, 10)
                    .build())
            .publicPartitions(List.of("p"))
            .randomness(NOISE);
    return (median ? b.quantiles(0.5) : b.variance()).build();
  }

  /**
   * Median (exponential mechanism) and variance (post-processed noisy sums) on neighbours that
   * differ by one unit with 10^4 records at the upper bound; same threshold reasoning as above
   * (false failure ≤ 10^−6 per audit).
   */
  @Test
  void auditor_finds_no_more_than_epsilon_for_median_and_variance() {
    DpAuditor auditor =
        DpAuditor.builder()
            .samples(100_000)
            .confidence(0.999999)
            .randomness(Randomness.insecureSeeded(8))
            .build();
    for (boolean median : new boolean[] {true, false}) {
      BoundedAggregation<String> shape = valueStatistic(median);
      Accumulator<String> small = shape.newAccumulator();
      Accumulator<String> big = shape.newAccumulator();
      for (int u = 0; u < 9; u++) {
        small.add("u" + u, "p", u);
        big.add("u" + u, "p", u);
      }
      for (int i = 0; i < 10_000; i++) {
        big.add("outlier", "p", 1e6);
      }
      small.closeUnits();
      big.closeUnits();
      Function<Accumulator<String>, Double> mechanism =
          acc -> {
            PartitionResult<String> p = valueStatistic(median).release(acc).get("p");
            return median ? p.quantiles().get(0).value() : p.variance().value();
          };
      AuditResult r = auditor.audit(mechanism, small, big);
      System.out.println((median ? "median" : "variance") + " audit: " + r);
      assertTrue(r.epsilonLowerBound() <= EPSILON, r.toString());
    }
  }

  static BoundedAggregation<String> selection(int l0, double delta) {
    return BoundedAggregation.<String>builder()
        .epsilon(EPSILON)
        .delta(delta)
        .contributionBounds(
            ContributionBounds.builder()
                .maxPartitionsContributed(l0)
                .maxContributionsPerPartition(1)
                .build())
        .count()
        .randomness(NOISE)
        .build();
  }

  /**
   * A key held by a single unit is released with probability exactly P(Z ≥ τ − 1) (per key) and the
   * unit's L0 keys together with probability selectionDelta() ≤ δ. Threshold reasoning: the number
   * of trials that release is Binomial(N = 40,000, p); we accept |X − Np| ≤ 5.5·sd, whose two-sided
   * normal-approximation probability is 3.8·10^−8 (Np ≥ 400, so the approximation is accurate), and
   * additionally require X ≤ N·δ + 5.5·sd(δ).
   */
  @Test
  void a_single_unit_key_is_released_with_probability_at_most_delta() {
    int trials = 40_000;
    for (int l0 : new int[] {1, 3}) {
      double delta = 0.02;
      double p = selection(l0, delta).selectionDelta();
      assertTrue(p <= delta);
      int released = 0;
      for (int t = 0; t < trials; t++) {
        BoundedAggregation<String> a = selection(l0, delta);
        Accumulator<String> acc = a.newAccumulator();
        acc.add("crowd-1", "busy").add("crowd-2", "busy");
        for (int k = 0; k < l0; k++) {
          acc.add("solo", "lonely-" + k);
        }
        AggregationResult<String> r = a.release(acc);
        boolean any = false;
        for (int k = 0; k < l0; k++) {
          any |= r.get("lonely-" + k) != null;
        }
        released += any ? 1 : 0;
      }
      double sd = Math.sqrt(trials * p * (1 - p));
      String msg = "L0=" + l0 + ": released " + released + " of " + trials + ", exact p=" + p;
      System.out.println(msg);
      assertTrue(Math.abs(released - trials * p) <= 5.5 * sd, msg);
      assertTrue(released <= trials * delta + 5.5 * Math.sqrt(trials * delta * (1 - delta)), msg);
    }
  }

  @Test
  void with_public_partitions_every_key_is_released_even_single_unit_ones() {
    for (int t = 0; t < 200; t++) {
      BoundedAggregation<String> a =
          BoundedAggregation.<String>builder()
              .epsilon(EPSILON)
              .contributionBounds(
                  ContributionBounds.builder()
                      .maxPartitionsContributed(1)
                      .maxContributionsPerPartition(1)
                      .build())
              .count()
              .publicPartitions(Set.of("solo", "none"))
              .randomness(NOISE)
              .build();
      Accumulator<String> acc = a.newAccumulator();
      acc.add("only-unit", "solo");
      assertEquals(Set.of("solo", "none"), a.release(acc).partitions().keySet());
    }
  }
}

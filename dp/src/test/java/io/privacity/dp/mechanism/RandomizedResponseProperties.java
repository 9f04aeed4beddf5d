package io.privacity.dp.mechanism;

import io.privacity.core.random.Randomness;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Scale;
import net.jqwik.api.constraints.Size;

/** Deterministic properties of randomized response's law, reports and estimators. */
class RandomizedResponseProperties {

  /** Local DP of the exact law: P[y|v]/P[y|v′] ≤ A/2^s ≤ e^(effective ε) ≤ e^(requested ε). */
  @Property(tries = 300, seed = "20261127")
  void law_isEffectiveEpsilonLocalDp(
      @ForAll @Scale(7) @DoubleRange(min = 1e-6, max = 30) double eps,
      @ForAll @IntRange(min = 2, max = 1 << 24) int k) {
    RandomizedResponse rr = RandomizedResponse.kAry(eps, k);
    double ratio = (double) rr.truthNumerator() / rr.otherNumerator();
    if (!(ratio <= Math.exp(rr.effectiveEpsilon()) * (1 + 1e-15))) {
      throw new AssertionError("ratio " + ratio + " > e^" + rr.effectiveEpsilon());
    }
    if (!(rr.effectiveEpsilon() <= eps)) {
      throw new AssertionError(rr.effectiveEpsilon() + " > " + eps);
    }
    double total = rr.truthProbability() + (k - 1) * rr.otherProbability();
    if (Math.abs(total - 1) > 1e-12) {
      throw new AssertionError("probabilities sum to " + total);
    }
  }

  /** Reports stay in [0, k). */
  @Property(tries = 200, seed = "20261127")
  void reports_areCategories(
      @ForAll @Scale(7) @DoubleRange(min = 1e-3, max = 30) double eps,
      @ForAll @IntRange(min = 2, max = 1000) int k,
      @ForAll @IntRange(min = 0, max = 999) int v,
      @ForAll long seed) {
    RandomizedResponse rr =
        RandomizedResponse.builder()
            .epsilon(eps)
            .categories(k)
            .randomness(Randomness.insecureSeeded(seed))
            .build();
    int truth = v % k;
    for (int i = 0; i < 50; i++) {
      int y = rr.respond(truth);
      if (y < 0 || y >= k) {
        throw new AssertionError("report " + y);
      }
    }
  }

  /** Count estimates always sum to the number of reports (p + (k−1)q = 1). */
  @Property(tries = 200, seed = "20261127")
  void estimates_sumToReports(
      @ForAll @DoubleRange(min = 0.01, max = 10) double eps,
      @ForAll @Size(min = 2, max = 12) List<@LongRange(min = 0, max = 1_000_000) Long> counts) {
    RandomizedResponse rr = RandomizedResponse.kAry(eps, counts.size());
    long[] c = counts.stream().mapToLong(Long::longValue).toArray();
    long n = 0;
    for (long x : c) {
      n += x;
    }
    double sum = 0;
    for (double e : rr.estimateCounts(c)) {
      sum += e;
    }
    if (Math.abs(sum - n)
        > 1e-6 * Math.max(1, n) / (rr.truthProbability() - rr.otherProbability())) {
      throw new AssertionError(sum + " vs " + n);
    }
  }
}

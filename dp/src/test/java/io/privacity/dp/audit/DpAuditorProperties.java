package io.privacity.dp.audit;

import io.privacity.core.random.Randomness;
import io.privacity.dp.mechanism.RandomizedResponse;
import java.util.function.Function;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Scale;

/**
 * Properties of {@link DpAuditor}. jqwik runs with a fixed seed, so each run is deterministic; the
 * comments give the probability that a property would fail for a correct auditor on fresh seeds.
 */
class DpAuditorProperties {

  /**
   * Identical output distributions have ε = 0. A bound above 0.25 needs the estimation-half log
   * ratio to exceed 0.25 plus the Clopper–Pearson slack; with ≥ 10^4 estimation samples and cell
   * probabilities ≥ 1/20 that is a deviation of more than 6.5 standard errors: probability below
   * 1e-10 per try.
   */
  @Property(tries = 20, seed = "20261127")
  void identicalDistributions_boundStaysNearZero(
      @ForAll @IntRange(min = 2, max = 20) int k, @ForAll long seed) {
    Randomness rnd = Randomness.insecureSeeded(seed);
    AuditResult r =
        DpAuditor.builder()
            .samples(20_000)
            .randomness(Randomness.insecureSeeded(~seed))
            .build()
            .audit(x -> rnd.nextInt(k), 0, 1);
    if (r.epsilonLowerBound() > 0.25) {
      throw new AssertionError(r.toString());
    }
  }

  /**
   * For a mechanism with disjoint outputs (ε = ∞) the bound is ln(a^(1/n)/(1 − a^(1/n))), strictly
   * increasing in the number n of estimation samples: deterministic.
   */
  @Property(tries = 30, seed = "20261127")
  void disjointOutputs_boundIncreasesWithSamples(
      @ForAll @IntRange(min = 100, max = 20_000) int n,
      @ForAll @IntRange(min = 2, max = 20_000) int extra) {
    double small = auditIdentity(n, 0.95);
    double large = auditIdentity(n + extra, 0.95);
    if (!(small < large)) {
      throw new AssertionError(n + " -> " + small + ", " + (n + extra) + " -> " + large);
    }
  }

  /** Higher confidence gives a lower (more cautious) bound on the same counts: deterministic. */
  @Property(tries = 30, seed = "20261127")
  void disjointOutputs_boundDecreasesWithConfidence(
      @ForAll @DoubleRange(min = 0.5, max = 0.99) double c1,
      @ForAll @Scale(7) @DoubleRange(min = 0.0, max = 0.009) double gap) {
    double c2 = c1 + gap + 1e-6;
    double low = auditIdentity(1000, c1);
    double high = auditIdentity(1000, c2);
    if (!(high <= low)) {
      throw new AssertionError(c1 + " -> " + low + ", " + c2 + " -> " + high);
    }
  }

  private static double auditIdentity(int samples, double confidence) {
    return DpAuditor.builder()
        .samples(samples)
        .confidence(confidence)
        .randomness(Randomness.insecureSeeded(samples))
        .build()
        .audit(Function.<Integer>identity(), 0, 1)
        .epsilonLowerBound();
  }

  /**
   * Validity on an exactly ε-DP mechanism whose worst event the auditor will find: at confidence 1
   * − 1e-6 the bound exceeds the true ε with probability ≤ 1e-6 per try (the auditor's guarantee),
   * so ≤ 1.5e-5 over the 15 tries.
   */
  @Property(tries = 15, seed = "20261127")
  void randomizedResponse_boundNeverExceedsEffectiveEpsilon(
      @ForAll @DoubleRange(min = 0.05, max = 5) double epsilon,
      @ForAll @IntRange(min = 2, max = 6) int k,
      @ForAll long seed) {
    RandomizedResponse rr =
        RandomizedResponse.builder()
            .epsilon(epsilon)
            .categories(k)
            .randomness(Randomness.insecureSeeded(seed))
            .build();
    AuditResult r =
        DpAuditor.builder()
            .samples(40_000)
            .confidence(0.999999)
            .randomness(Randomness.insecureSeeded(seed + 1))
            .build()
            .audit(rr::respond, 0, k - 1);
    if (r.epsilonLowerBound() > rr.effectiveEpsilon()) {
      throw new AssertionError(rr + ": " + r);
    }
  }
}
